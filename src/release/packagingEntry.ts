/**
 * Entry of the lazily loaded `dist/packaging.js` bundle: file selection, the zip writer and git
 * (with their libraries), required on the first deploy so activation never parses them.
 */
export { buildPackage } from './packaging';
export { selectFiles } from './fileSelection';
export { describeHead } from './gitDescription';
export { ensurePythonDependencies, spawnPip } from './pythonDepsInstaller';
export { packageTarget } from './targetPackage';
