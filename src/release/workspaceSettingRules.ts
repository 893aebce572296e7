/**
 * What a workspace's settings may decide. `lambdaRelease.endpointUrl` says where every signed request
 * (access key id, session token) goes, so only the user's own settings may set it: the manifest
 * gives it `machine` scope (VS Code then drops workspace and folder values), and the extension reads
 * it through `inspect()` taking the user's value only, so a host that would still apply a workspace
 * value changes nothing. Pure: the editor side passes what `inspect()` returned.
 */

/** The part of `WorkspaceConfiguration.inspect()` these rules read. */
export interface InspectedValue<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** A value the workspace carried and the extension did not use. */
export interface IgnoredWorkspaceValue<T> {
  scope: 'workspace' | 'workspaceFolder';
  value: T;
}

/** The user's value (else the default); workspace and folder values never count. */
export function userValue<T>(inspected: InspectedValue<T> | undefined, fallback: T): T {
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

/** Workspace / folder values that `userValue` left out (what the notice names). */
export function ignoredWorkspaceValues<T>(inspected: InspectedValue<T> | undefined): IgnoredWorkspaceValue<T>[] {
  const ignored: IgnoredWorkspaceValue<T>[] = [];
  if (inspected?.workspaceValue !== undefined) ignored.push({ scope: 'workspace', value: inspected.workspaceValue });
  if (inspected?.workspaceFolderValue !== undefined) ignored.push({ scope: 'workspaceFolder', value: inspected.workspaceFolderValue });
  return ignored;
}

/** lambdaRelease.endpointUrl as the clients use it: the user's non-empty value, else none (profiles decide). */
export function endpointOverrideFrom(inspected: InspectedValue<string> | undefined): string | undefined {
  return userValue(inspected, '').trim() || undefined;
}

/**
 * The value of `key` written in a settings file's text (JSON with comments), for a host that drops
 * machine-scoped keys before `inspect()` sees them. A notice only: never used to decide anything.
 */
export function valueInSettingsText(text: string, key: string): string | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`"${escaped}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(text);
  if (!match) return undefined;
  try {
    return JSON.parse(`"${match[1]}"`) as string;
  } catch {
    return match[1];
  }
}

/**
 * lambdaRelease.protectedAliases: a workspace may ADD aliases to protect (a project's own `prod-eu`),
 * never remove one: `[]` in a cloned repository's settings must not switch the modal off for `prod`.
 */
export function protectedAliasesFrom(inspected: InspectedValue<readonly string[]> | undefined, defaults: readonly string[]): string[] {
  const own = inspected?.globalValue ?? inspected?.defaultValue ?? defaults;
  const added = [...(inspected?.workspaceValue ?? []), ...(inspected?.workspaceFolderValue ?? [])];
  return [...new Set([...own, ...added])];
}

/**
 * A safety threshold a workspace may only tighten: the user's value (or the default) stands unless
 * a workspace / folder value is stricter by `stricter(candidate, current)`. A cloned repository's
 * `maxErrorRatePercent: 100` cannot wave a failing version through a rollout; its `2` can make the
 * gate stricter for that project.
 */
export function tightenOnly<T>(inspected: InspectedValue<T> | undefined, fallback: T, stricter: (candidate: T, current: T) => boolean): T {
  let value = userValue(inspected, fallback);
  for (const candidate of [inspected?.workspaceValue, inspected?.workspaceFolderValue]) {
    if (candidate !== undefined && stricter(candidate, value)) value = candidate;
  }
  return value;
}

/** A list a workspace may only add to (alarm names, error patterns): the user's entries always stay. */
export function addOnly(inspected: InspectedValue<readonly string[]> | undefined, fallback: readonly string[]): string[] {
  return protectedAliasesFrom(inspected, fallback);
}

/** Stricter-than comparisons for the rollout gate's settings. */
export const Stricter = {
  lower: (candidate: number, current: number) => candidate < current,
  /** 0 turns the signal off (the loosest); otherwise lower is stricter. */
  lowerButOn: (candidate: number, current: number) => candidate > 0 && (current === 0 || candidate < current),
  /** 0 means "the plan's own interval" (only the user may override it); else longer holds are stricter. */
  longerOverride: (candidate: number, current: number) => current > 0 && candidate > current,
  waitBeforeAdvance: (candidate: string, current: string) => candidate === 'wait' && current !== 'wait',
};
