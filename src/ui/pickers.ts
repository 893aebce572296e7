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
import { timeAgo } from '../tree/format';
import type { FunctionRef } from '../tree/nodes/TreeNode';

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

/** A quick pick that opens at once, busy, and fills in when `load` resolves: never a frozen UI. */
export async function pickLazily<T>(title: string, placeholder: string, load: () => Promise<Item<T>[]>): Promise<T> {
  const pick = vscode.window.createQuickPick<Item<T>>();
  pick.title = title;
  pick.placeholder = placeholder;
  pick.busy = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.ignoreFocusOut = false;
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

/** Profile → region → function, for commands run from the palette. */
export async function pickFunction(services: Services): Promise<FunctionRef> {
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

export async function pickAlias(services: Services, ref: FunctionRef, title?: string): Promise<AliasSummary> {
  return pickLazily(title ?? `Lambda: choose an alias of ${ref.functionName}`, 'Alias', async () => {
    const aliases = await services.lambda(ref.target).listAliases(ref.functionName);
    return aliases.map((a) => ({ label: a.name, description: `→ ${describeTarget(a)}`, detail: a.description, value: a }));
  });
}
