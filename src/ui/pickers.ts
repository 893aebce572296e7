/**
 * Quick picks the palette uses to ask for what a tree node would have given: profile, region,
 * function, version, alias. Dismissing a pick throws CancelledError,
 * which the command wrapper keeps silent.
 */
import * as vscode from 'vscode';
import type { AliasSummary, ProfileInfo, VersionSummary } from '../aws/types';
import { CancelledError } from '../release/errors';
import type { Services } from '../services';
import { describeTarget, versionAliasLabels } from '../release/aliases';
import { describeState } from '../release/releasePlan';
import { timeAgo } from '../tree/format';
import type { FunctionRef } from '../aws/types';
import { sameRef } from '../release/targets';
import { readBinding } from './workspaceBinding';
import { workspaceTargets } from './workspaceTargets';

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

/**
 * A quick pick that opens at once, busy, and fills in when `load` resolves: never a frozen UI.
 * `afterModal`: the pick can open right after a modal closed (the binding confirmation); the
 * workbench then gives focus back to what had it before the modal, which would hide (cancel) a pick
 * that closes on focus loss.
 */
export async function pickLazily<T>(title: string, placeholder: string, load: () => Promise<Item<T>[]>, options: { afterModal?: boolean } = {}): Promise<T> {
  const pick = vscode.window.createQuickPick<Item<T>>();
  pick.title = title;
  pick.placeholder = placeholder;
  pick.busy = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.ignoreFocusOut = options.afterModal ?? false;
  try {
    return await new Promise<T>((resolve, reject) => {
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0];
        if (chosen) resolve(chosen.value);
      });
      pick.onDidHide(() => reject(new CancelledError()));
      pick.show();
      load().then(
        (items) => {
          pick.items = items;
          pick.busy = false;
          if (!items.length) pick.placeholder = 'Nothing to choose from';
        },
        (error) => {
          pick.hide();
          reject(error);
        },
      );
    });
  } finally {
    pick.dispose();
  }
}

export async function pickProfile(services: Services): Promise<ProfileInfo> {
  return pickLazily('Lambda: choose a profile', 'AWS profile', async () => {
    const hidden = services.hiddenProfiles();
    const { profiles } = await services.aws().listProfiles();
    return profiles
      .filter((p) => !hidden.has(p.name))
      .map((p) => ({ label: services.aws().profileLabel(p.name), description: p.region, detail: p.problem, value: p }));
  });
}

export async function pickRegion(services: Services, profile: ProfileInfo): Promise<string> {
  const regions = services.regionsFor(profile);
  if (regions.length === 1) return regions[0];
  return pickLazily('Lambda: choose a region', 'Region', async () => regions.map((r) => ({ label: r, value: r })));
}

/**
 * Profile → region → function, for commands run from the palette. In a workspace bound to a
 * function, that function is offered first (one Enter), with "Another function…" below it.
 */
export async function pickFunction(services: Services, options: { offerBound?: boolean } = {}): Promise<FunctionRef> {
  const bound = options.offerBound === false ? [] : boundFunctions();
  if (bound.length) {
    const choice = await pickLazily<FunctionRef | undefined>('Lambda: choose a function', 'Function', async () => [
      ...bound.map(({ ref, name }) => ({
        label: `$(link) ${ref.functionName}`,
        description: `${ref.target.profile} · ${ref.target.region} · ${bound.length > 1 ? `target ${name} of this workspace` : 'bound to this workspace'}`,
        value: ref,
      })),
      { label: '$(search) Another function…', value: undefined },
    ]);
    if (choice) return choice;
  }
  const profile = await pickProfile(services);
  const region = await pickRegion(services, profile);
  const target = { profile: profile.name, region };
  return pickLazily(`Lambda: choose a function (${profile.name}, ${region})`, 'Function name', async () => {
    const functions = await services.lambda(target).listFunctions();
    return functions.map((fn) => ({ label: fn.name, description: fn.runtime, detail: fn.description, value: { target, functionName: fn.name, functionArn: fn.arn } }));
  });
}

export async function pickVersion(
  services: Services,
  ref: FunctionRef,
  options: { title?: string; includeLatest?: boolean; exclude?: string[] } = {},
): Promise<VersionSummary> {
  return pickLazily(options.title ?? `Lambda: choose a version of ${ref.functionName}`, 'Version', async () => {
    const { versions, aliases } = await services.lambda(ref.target).getFunctionDetails(ref.functionName);
    return versions
      .filter((v) => (options.includeLatest ?? true) || v.version !== '$LATEST')
      .filter((v) => !options.exclude?.includes(v.version))
      .map((v) => versionItem(v, aliases));
  });
}

export function versionItem(v: VersionSummary, aliases: AliasSummary[]): Item<VersionSummary> {
  const pointing = versionAliasLabels(aliases).get(v.version) ?? [];
  return {
    label: v.version,
    description: [v.description, timeAgo(v.lastModified)].filter(Boolean).join(' · '),
    detail: pointing.length ? `$(tag) ${pointing.join(', ')}` : undefined,
    value: v,
  };
}

/** An alias of the function; `only` keeps the ones the command can act on (e.g. aliases with a canary). */
export async function pickAlias(services: Services, ref: FunctionRef, title?: string, only?: (alias: AliasSummary) => boolean): Promise<AliasSummary> {
  return pickLazily(title ?? `Lambda: choose an alias of ${ref.functionName}`, 'Alias', async () => {
    const aliases = (await services.lambda(ref.target).listAliases(ref.functionName)).filter((a) => !only || only(a));
    return aliases.map((a) => ({ label: a.name, description: `→ ${describeTarget(a)}`, detail: a.description, value: a }));
  });
}

/**
 * In a bound workspace, an alias of the bound function with the bound alias first (pre-selected:
 * Enter acts on it), and "Another function…" last, which returns undefined.
 */
export async function pickBoundAlias(
  services: Services,
  ref: FunctionRef,
  preferred: string | undefined,
  title?: string,
  only?: (alias: AliasSummary) => boolean,
): Promise<AliasSummary | undefined> {
  return pickLazily<AliasSummary | undefined>(title ?? `Lambda: choose an alias of ${ref.functionName}`, `Alias of ${ref.functionName} (bound to this workspace)`, async () => {
    const aliases = (await services.lambda(ref.target).listAliases(ref.functionName)).filter((a) => !only || only(a));
    const sorted = [...aliases].sort((a, b) => Number(b.name === preferred) - Number(a.name === preferred));
    return [
      ...sorted.map((a) => ({ label: a.name, description: `→ ${describeState({ version: a.functionVersion, routing: a.routing })}${a.name === preferred ? ' · bound to this workspace' : ''}`, detail: a.description, value: a as AliasSummary | undefined })),
      { label: '$(search) Another function…', value: undefined },
    ];
  });
}

export function boundFunction(): FunctionRef | undefined {
  return boundTarget()?.ref;
}

/** The workspace's bound function and alias, or undefined (also for a broken binding, which deploy reports). */
export function boundTarget(): { ref: FunctionRef; alias?: string } | undefined {
  try {
    const binding = readBinding();
    return binding && { ref: binding.ref, alias: binding.alias };
  } catch {
    return undefined;
  }
}

/** The workspace's targets, the active editor's (the bound one) first. */
function boundFunctions(): { ref: FunctionRef; name: string }[] {
  const bound = boundFunction();
  if (!bound) return []; // not bound, or a broken binding (folder outside the workspace), which deploy reports
  const targets = workspaceTargets().targets.map((t) => ({ ref: t.ref, name: t.name }));
  const first = targets.filter((t) => sameRef(t.ref, bound));
  return [...first, ...targets.filter((t) => !first.includes(t))];
}
