/** Every command id, in one place (declared in package.json `contributes.commands`). */
export const CommandIds = {
  refresh: 'lambdaRelease.refresh',
  refreshNode: 'lambdaRelease.refreshNode',
  filterFunctions: 'lambdaRelease.filterFunctions',
  clearFilter: 'lambdaRelease.clearFilter',
  copyArn: 'lambdaRelease.copyArn',
  openAwsConfig: 'lambdaRelease.openAwsConfig',
  bindWorkspace: 'lambdaRelease.bindWorkspace',
  // Aliases.
  createAlias: 'lambdaRelease.createAlias',
  repointAlias: 'lambdaRelease.repointAlias',
  pointAliasHere: 'lambdaRelease.pointAliasHere',
  rollBackAlias: 'lambdaRelease.rollBackAlias',
  shiftTraffic: 'lambdaRelease.shiftTraffic',
  promoteCanary: 'lambdaRelease.promoteCanary',
  abortCanary: 'lambdaRelease.abortCanary',
  deleteAlias: 'lambdaRelease.deleteAlias',
  statusBarActions: 'lambdaRelease.statusBarActions',
  // Deploy and publish.
  release: 'lambdaRelease.release',
  deployWorkspace: 'lambdaRelease.deployWorkspace',
  publishVersion: 'lambdaRelease.publishVersion',
  showPackageContents: 'lambdaRelease.showPackageContents',
  deployImage: 'lambdaRelease.deployImage',
  deployChanged: 'lambdaRelease.deployChanged',
  // Compare and logs.
  compareVersions: 'lambdaRelease.compareVersions',
  compareWithPrevious: 'lambdaRelease.compareWithPrevious',
  revealEnvironmentValues: 'lambdaRelease.revealEnvironmentValues',
  tailLogs: 'lambdaRelease.tailLogs',
  stopTailing: 'lambdaRelease.stopTailing',
  // Invoke and smoke tests.
  invoke: 'lambdaRelease.invoke',
  newTestEvent: 'lambdaRelease.newTestEvent',
  saveTestEvent: 'lambdaRelease.saveTestEvent',
  runSmokeTests: 'lambdaRelease.runSmokeTests',
  checkRouting: 'lambdaRelease.checkRouting',
} as const;
