/**
 * How a workspace target is packaged in the editor: its build as a VS Code task, its Python
 * dependencies through pip into the extension's storage, its folders and excludes. Shared by
 * Deploy Workspace (the bound target) and Deploy Changed Functions (every target).
 */
import * as path from 'node:path';
import type { FunctionSummary } from '../../aws/types';
import type { PackageWithSelection } from '../../release/packaging';
import type { WorkspaceTarget } from '../../release/targets';
import { userValue } from '../../release/workspaceSettingRules';
import { settings, type Services } from '../../services';
import { SettingKeys } from '../../settingKeys';
import { TaskBuildRunner } from '../../ui/taskBuildRunner';

/** True when the target needs more than zipping one folder: a build, dependencies, several folders or its own excludes. */
export function needsTargetPackaging(target: WorkspaceTarget | undefined): target is WorkspaceTarget {
  return !!target && (!!target.build || !!target.requirementsFile || target.sourceFolders.length > 1 || target.excludes.length > 0);
}

export function packageWorkspaceTarget(services: Services, target: WorkspaceTarget, fn: Pick<FunctionSummary, 'runtime' | 'architectures'>, signal?: AbortSignal): Promise<PackageWithSelection> {
  const config = settings();
  const packaging = services.packaging();
  return packaging.packageTarget(target, fn, {
    builds: new TaskBuildRunner(),
    pythonCacheRoot: path.join(services.storagePath, 'python-dependencies'),
    // Machine settings: the user's value only, even on a host that would apply a workspace's (what runs, and from which index).
    extraPipArgs: userValue(config.inspect<string[]>(SettingKeys.pipArgs), []),
    runPip: packaging.spawnPip(userValue(config.inspect<string>(SettingKeys.pythonCommand), 'python3') || 'python3'),
    extraExcludes: config.get<string[]>(SettingKeys.excludePatterns, []),
    includeSecretFiles: config.get<string[]>(SettingKeys.includeSecretFiles, []),
    signal,
    onOutput: (text) => services.log.trace(text.trimEnd()),
  });
}
