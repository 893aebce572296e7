/**
 * The VS Code versions the e2e suite runs on, and where scripts/vscode-host/setup.sh builds each:
 * the floor the manifest declares (`engines.vscode`) and the current release. Paths are relative to
 * the repository; both live in the git-ignored `.vscode-host/`.
 */
export const HOSTS = [
  // code-server 4.100.3 on the machine's Node 20 (setup-floor.sh), at the folder's root as before.
  { version: '1.100.3', dir: '.vscode-host', node: undefined },
  // code-server 4.139.1 on Node 24 from the npm package node@24 (setup-current.sh).
  // Its built workbench reads the test payload only with --enable-smoke-test-driver.
  { version: '1.139.1', dir: '.vscode-host/1.139.1', node: '.vscode-host/1.139.1/node/node_modules/node/bin/node', smokeDriver: true },
];

export const FLOOR_HOST = HOSTS[0];

export function hostByVersion(version) {
  const host = HOSTS.find((h) => h.version === version);
  if (!host) throw new Error(`unknown VS Code host ${version}: one of ${HOSTS.map((h) => h.version).join(', ')}`);
  return host;
}
