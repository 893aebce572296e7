/**
 * The status-bar alias indicator: `$(rocket) orders-api:prod → 41` (`→ 41 · 10% → 42` during a
 * canary) for the function and alias bound to the workspace. Refreshes after alias actions, when
 * the window regains focus, and on a slow interval, never calling AWS while the window is unfocused.
 */
import * as vscode from 'vscode';
import { CommandIds } from '../commands/commandIds';
import type { AliasSummary, FunctionRef } from '../aws/types';
import { settings, type Services } from '../services';
import { SettingKeys, qualified } from '../settingKeys';
import { formatPercent, statusBarTarget } from '../release/aliases';
import { describeForLog, userFacing } from '../release/errors';
import type { FunctionChangeEvents } from './changeEvents';
import { currentTarget, onDidChangeActiveTarget, type ActiveTarget } from './activeTarget';
import { readBinding, sameFunction, type WorkspaceBinding } from './workspaceBinding';

const WHY: Record<ActiveTarget['reason'], string> = {
  editor: 'the active editor\'s file is in its source folder',
  last: 'the last target used (the active editor\'s file is in none)',
  first: 'the first target (the active editor\'s file is in none)',
};

/**
 * The function as the status bar names it: with several targets whose name differs from the
 * function, `api · shop-api`, so it says which target the active editor picked.
 */
function shownName(ref: FunctionRef): { name: string; which?: string } {
  const active = currentTarget();
  if (!active || active.count < 2 || !sameFunction(active.target.ref, ref)) return { name: ref.functionName };
  const name = active.target.name !== ref.functionName ? `${active.target.name} · ${ref.functionName}` : ref.functionName;
  return { name, which: `Target **${active.target.name}** of ${active.count}: ${WHY[active.reason]}.` };
}

export function statusText(functionName: string, alias: AliasSummary, rolloutStage?: string): string {
  // During a gradual rollout the stage replaces the weights: `orders-api:prod → 41 · rollout 25% → 42 · step 2/4 · next 3:12`.
  if (rolloutStage) return `$(sync~spin) ${functionName}:${alias.name} → ${alias.functionVersion} · ${rolloutStage}`;
  return `$(rocket) ${functionName}:${alias.name} ${statusBarTarget(alias)}`;
}

/** Where the status bar reads a gradual rollout's stage (src/ui/rollouts.ts); it fires every second while one runs. */
export interface RolloutStageSource {
  stageFor(ref: FunctionRef, aliasName: string): string | undefined;
  onDidChange: vscode.Event<void>;
}

export class AliasStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lambdaRelease.alias', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;
  private readAgain = false;
  /** Ends a read in flight when the window closes the status bar. */
  private readonly disposed = new AbortController();
  /** Last alias read, for the click menu. */
  current?: { binding: WorkspaceBinding; alias: AliasSummary };

  constructor(
    private readonly services: Services,
    changes: FunctionChangeEvents,
    /** When this extension last moved the alias (from its history), for the tooltip. */
    private readonly lastMoved: (alias: AliasSummary) => string | undefined = () => undefined,
  ) {
    this.item.name = 'Lambda alias';
    this.item.command = CommandIds.statusBarActions;
    this.disposables.push(
      this.item,
      changes.onDidChange((ref) => {
        const binding = readBinding();
        if (binding && sameFunction(binding.ref, ref)) void this.refresh();
      }),
      vscode.window.onDidChangeWindowState((state) => state.focused && void this.refresh()),
      // Several targets: the status bar follows the active editor's.
      onDidChangeActiveTarget(() => void this.refresh()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(qualified(SettingKeys.statusBarRefreshSeconds))) this.schedule();
        if (event.affectsConfiguration('lambdaRelease.target')) void this.refresh();
      }),
    );
    this.schedule();
  }

  /**
   * Reads the bound alias and redraws. A call during a read does not start a second one, but
   * makes the read run once more afterwards: the read in flight may predate the change.
   */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.readAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.readAgain = false;
        await this.read();
      } while (this.readAgain);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private rollouts?: RolloutStageSource;

  /** Shows the bound alias's rollout stage, redrawn (without reading AWS) whenever a rollout changes. */
  attachRollouts(source: RolloutStageSource): void {
    this.rollouts = source;
    this.disposables.push(source.onDidChange(() => this.redrawStage()));
  }

  private redrawStage(): void {
    if (!this.current) return;
    const { binding, alias } = this.current;
    const text = statusText(shownName(binding.ref).name, alias, this.rollouts?.stageFor(binding.ref, alias.name));
    if (text !== this.item.text) this.item.text = text;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.disposed.abort();
    for (const d of this.disposables) d.dispose();
  }

  private schedule(): void {
    clearInterval(this.timer);
    const seconds = settings().get<number>(SettingKeys.statusBarRefreshSeconds, 60);
    if (seconds > 0) this.timer = setInterval(() => vscode.window.state.focused && void this.refresh(), seconds * 1000);
  }

  private async read(): Promise<void> {
    let binding: WorkspaceBinding | undefined;
    try {
      binding = readBinding();
    } catch {
      binding = undefined;
    }
    if (!binding?.alias) {
      this.current = undefined;
      this.item.hide();
      return;
    }
    const { ref, alias: aliasName } = binding;
    try {
      const gateway = this.services.lambda(ref.target);
      const signal = this.disposed.signal;
      const alias = await gateway.getAlias(ref.functionName, aliasName, { signal });
      const target = await gateway.getFunctionConfiguration(ref.functionName, alias.functionVersion, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      this.current = { binding, alias };
      const lastMoved = this.lastMoved(alias);
      const shown = shownName(ref);
      this.item.text = statusText(shown.name, alias, this.rollouts?.stageFor(ref, alias.name));
      this.item.backgroundColor = undefined;
      const tooltip = new vscode.MarkdownString(
        [
          `**${ref.functionName}:${alias.name}** → version ${alias.functionVersion}`,
          ...alias.routing.map((r) => `Canary: ${formatPercent(r.weight)} of traffic → version ${r.version}`),
          `Profile: ${ref.target.profile} · Region: ${ref.target.region}`,
          shown.which,
          `Alias ARN: \`${alias.arn}\``,
          target?.Description ? `Version ${alias.functionVersion}: _${target.Description}_` : undefined,
          lastMoved ? `Last moved: ${lastMoved}` : target?.LastModified ? `Version ${alias.functionVersion} last modified: ${target.LastModified}` : undefined,
          this.rollouts?.stageFor(ref, alias.name) ? 'Click to pause, resume, promote or abort the rollout.' : 'Click to repoint, roll back, promote or abort.',
        ]
          .filter(Boolean)
          .join('\n\n'),
      );
      this.item.tooltip = tooltip;
    } catch (error) {
      if (this.disposed.signal.aborted) return;
      this.current = undefined;
      this.item.text = `$(warning) ${ref.functionName}:${aliasName}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      const e = userFacing(error);
      this.item.tooltip = new vscode.MarkdownString([`Could not read alias **${aliasName}** of ${ref.functionName}.`, e.message, e.hint].filter(Boolean).join('\n\n'));
      this.services.log.warn(`Status bar: ${describeForLog(error)}`);
    }
    this.item.show();
  }
}
