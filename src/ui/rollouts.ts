/**
 * The running gradual rollouts of this window: owns one RolloutRunner per rollout (src/release/
 * rollout/runner.ts), the "Lambda Rollouts" output channel, the saved records (globalState), the
 * stage shown in the status bar and on the alias node, and what happens at start-up: an unfinished
 * rollout is found and the user is offered Resume / Abort / Leave As Is.
 *
 * A rollout advances only while a window runs it. Closing the window detaches the runner (its
 * lease is released, the alias keeps its weights); the next window to start asks what to do.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { FunctionRef } from '../aws/types';
import { CommandIds } from '../commands/commandIds';
import { AliasHistory } from '../release/aliasHistory';
import { AliasOperations } from '../release/aliasOperations';
import { DEFAULT_PROTECTED_ALIASES } from '../release/aliases';
import { describeForLog, describeForUser } from '../release/errors';
import { recoveryOffer } from '../release/rollout/recovery';
import { RolloutRunner } from '../release/rollout/runner';
import { shortStage, stageText } from '../release/rollout/stage';
import { applyCommand, describeWeight, isTerminal, type RolloutCommand, type RolloutRecord } from '../release/rollout/state';
import { RolloutStore, sameAlias, type AliasRef } from '../release/rollout/store';
import { settings, type Services } from '../services';
import { SettingKeys } from '../settingKeys';
import type { FunctionChangeEvents } from './changeEvents';
import { readRolloutSettings } from './rolloutSettings';
import { readBinding, sameFunction } from './workspaceBinding';

export const ROLLOUT_CHANNEL = 'Lambda Rollouts';
const ACTIVE_CONTEXT_KEY = 'lambdaRelease.rolloutActive';

export class Rollouts implements vscode.Disposable {
  /** One id per extension host: the lease that keeps two windows from driving the same rollout. */
  readonly ownerId = randomUUID();
  readonly store: RolloutStore;
  private readonly runners = new Map<string, RolloutRunner>();
  private readonly channel = vscode.window.createOutputChannel(ROLLOUT_CHANNEL);
  private readonly item = vscode.window.createStatusBarItem('lambdaRelease.rollout', vscode.StatusBarAlignment.Left, 48);
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires every second while a rollout runs here (countdown) and on every saved change. */
  readonly onDidChange = this.emitter.event;
  private ticker?: NodeJS.Timeout;
  private readonly timers = new Set<NodeJS.Timeout>();
  private disposed = false;

  constructor(
    private readonly services: Services,
    private readonly context: vscode.ExtensionContext,
    private readonly changes: FunctionChangeEvents,
  ) {
    this.store = new RolloutStore(context.globalState);
    this.item.name = 'Lambda rollout';
    this.item.command = CommandIds.statusBarActions;
  }

  /** The rollout of an alias that is not finished (running here, elsewhere, or waiting for a decision). */
  forAlias(ref: FunctionRef, aliasName: string): RolloutRecord | undefined {
    const key: AliasRef = { profile: ref.target.profile, region: ref.target.region, functionName: ref.functionName, aliasName };
    for (const runner of this.runners.values()) if (sameAlias(runner.current, key) && !isTerminal(runner.current)) return runner.current;
    return this.store.forAlias(key);
  }

  /** Unfinished rollouts, the ones run here first. */
  active(): RolloutRecord[] {
    const mine = [...this.runners.values()].map((r) => r.current).filter((r) => !isTerminal(r));
    const others = this.store.unfinished().filter((r) => !this.runners.has(r.id));
    return [...mine, ...others];
  }

  /** The alias as Lambda has it now (after a rollout step). */
  readAlias(ref: FunctionRef, aliasName: string) {
    return this.services.lambda(ref.target).getAlias(ref.functionName, aliasName);
  }

  isRunningHere(id: string): boolean {
    return this.runners.has(id);
  }

  /** `rollout 25% → 42 · step 2/4 · next 3:12` for the status bar, or undefined without a rollout. */
  stageFor(ref: FunctionRef, aliasName: string): string | undefined {
    const record = this.forAlias(ref, aliasName);
    if (!record) return undefined;
    return this.runners.has(record.id) ? stageText(record, Date.now()) : `${shortStage(record)} · not running in this window`;
  }

  /** Short form for the tree (no countdown). */
  nodeStageFor(ref: FunctionRef, aliasName: string): { text: string; paused: boolean } | undefined {
    const record = this.forAlias(ref, aliasName);
    if (!record) return undefined;
    return { text: this.runners.has(record.id) ? shortStage(record) : `${shortStage(record)} (not running here)`, paused: record.status === 'paused' || !this.runners.has(record.id) };
  }

  /** Starts driving a (new or resumed) rollout; resolves once its first weight is on the alias, or it ended. */
  async start(record: RolloutRecord): Promise<RolloutRecord> {
    if (this.runners.has(record.id)) return this.runners.get(record.id)!.current;
    const runner = this.createRunner(record);
    this.runners.set(record.id, runner);
    this.update();
    const ended = runner.run().then(
      (end) => this.finished(runner, end),
      (error) => this.failed(runner, error),
    );
    const firstStep = new Promise<RolloutRecord>((resolve) => {
      const check = () => {
        const current = runner.current;
        if (current.step >= 0 || isTerminal(current) || !this.runners.has(record.id)) {
          sub.dispose();
          resolve(current);
        }
      };
      const sub = this.onDidChange(check);
      check();
    });
    return Promise.race([firstStep, ended.then(() => runner.current)]);
  }

  /** Pause / resume / promote now / abort / leave; resolves with a refusal sentence, undefined when applied. */
  async command(record: RolloutRecord, command: RolloutCommand): Promise<string | undefined> {
    const runner = this.runners.get(record.id);
    if (runner) return runner.command(command);
    // Not driven here: only a decision about a record nobody runs (after a reload) is applied directly.
    const saved = this.store.get(record.id) ?? record;
    const offer = recoveryOffer(saved, this.ownerId, Date.now());
    if (offer.ownedElsewhereForMs !== undefined) return offer.message;
    if (command === 'resume') {
      await this.start(saved);
      return undefined;
    }
    if (command === 'leave') {
      const result = applyCommand(saved, 'leave', Date.now());
      if (!result.refused) await this.store.save(result.record);
      this.update(result.record);
      return result.refused;
    }
    if (command === 'pause') return 'The rollout is not running in any window: nothing advances until it is resumed.';
    // Abort / promote now of a rollout left by a closed window: drive it here to make the move.
    const driver = this.createRunner(saved);
    this.runners.set(saved.id, driver);
    void driver.run().then(
      (end) => this.finished(driver, end),
      (error) => this.failed(driver, error),
    );
    return driver.command(command);
  }

  /** At activation: offer Resume / Abort / Leave As Is for every rollout left unfinished by a closed window. */
  recover(): void {
    for (const record of this.store.unfinished()) this.offer(record.id);
  }

  private offer(id: string): void {
    if (this.disposed || this.runners.has(id)) return;
    const record = this.store.get(id);
    if (!record || isTerminal(record)) return;
    const offer = recoveryOffer(record, this.ownerId, Date.now());
    if (offer.ownedElsewhereForMs !== undefined) {
      // Another window runs it (or ran it until a moment ago): look again when its lease lapses.
      this.say(`${offer.message} Looking again in ${Math.ceil(offer.ownedElsewhereForMs / 1000)} s.`);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.offer(id);
      }, offer.ownedElsewhereForMs + 1_000);
      this.timers.add(timer);
      this.update();
      return;
    }
    this.say(offer.message);
    this.update();
    void vscode.window.showWarningMessage(offer.message, ...offer.choices).then(async (choice) => {
      try {
        if (choice === 'Resume') await this.command(record, 'resume');
        else if (choice === 'Abort') await this.command(record, 'abort');
        else if (choice === 'Leave As Is') await this.command(record, 'leave');
      } catch (error) {
        this.services.log.error(`Rollout recovery failed: ${describeForLog(error)}`);
        void vscode.window.showErrorMessage(`The rollout of ${record.ref.functionName}:${record.aliasName} could not be ${choice === 'Resume' ? 'resumed' : 'ended'}: ${describeForUser(error)}`);
      }
    });
  }

  showLog(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.ticker);
    for (const timer of this.timers) clearTimeout(timer);
    for (const runner of this.runners.values()) runner.detach('the window closed');
    this.runners.clear();
    this.item.dispose();
    this.channel.dispose();
    this.emitter.dispose();
  }

  private createRunner(record: RolloutRecord): RolloutRunner {
    const { ref } = record;
    const gateway = this.services.lambda(ref.target);
    const config = readRolloutSettings();
    let lastShape = `${record.status}|${record.step}`;
    return new RolloutRunner(record, {
      aliases: new AliasOperations({
        gateway,
        history: new AliasHistory(this.context.globalState),
        protectedAliases: () => settings().get<string[]>(SettingKeys.protectedAliases, [...DEFAULT_PROTECTED_ALIASES]),
      }),
      readAlias: (fn, alias, options) => gateway.getAlias(fn, alias, options),
      signals: this.services.aws().rolloutSignals(ref.target, { logPollIntervalMs: settings().get<number>(SettingKeys.logPollIntervalMs, 1000) }),
      store: this.store,
      ownerId: this.ownerId,
      logErrorPatterns: config.logErrorPatterns,
      log: (line) => this.channel.appendLine(line),
      onChange: (current) => {
        const shape = `${current.status}|${current.step}`;
        if (shape !== lastShape) {
          lastShape = shape;
          // A move or a status change: the tree and the alias status bar read the alias again.
          this.changes.fire(ref);
        }
        this.update(current);
      },
    });
  }

  private finished(runner: RolloutRunner, end: RolloutRecord): void {
    if (this.runners.get(end.id) === runner) this.runners.delete(end.id);
    this.update(end);
    this.changes.fire(end.ref);
    if (this.disposed || !isTerminal(end)) return;
    const where = `${end.ref.functionName}:${end.aliasName}`;
    if (end.status === 'done') {
      void vscode.window.showInformationMessage(`${where}: rollout complete, all traffic → ${end.toVersion} (was ${end.fromVersion}).`);
      return;
    }
    const now = end.status === 'aborted' ? `${end.aliasName} → ${end.fromVersion} again, no weight to ${end.toVersion}.` : `The alias was left as it is (${describeWeight(end)} as this rollout knew it).`;
    void vscode.window.showWarningMessage(`${where}: rollout ${end.status}. ${end.reason ?? ''} ${now}`.replace(/\s+/g, ' '), 'Show Rollout Log').then((choice) => {
      if (choice) this.showLog();
    });
  }

  private failed(runner: RolloutRunner, error: unknown): void {
    const record = runner.current;
    if (this.runners.get(record.id) === runner) this.runners.delete(record.id);
    this.update(record);
    this.services.log.error(`Rollout of ${record.ref.functionName}:${record.aliasName}: ${describeForLog(error)}`);
    this.say(`✗ ${describeForUser(error)}`);
    if (!this.disposed) void vscode.window.showErrorMessage(describeForUser(error), 'Show Rollout Log').then((choice) => choice && this.showLog());
  }

  private say(line: string): void {
    if (!this.disposed) this.channel.appendLine(`${new Date().toISOString()} ${line}`);
  }

  /** Redraws the own status item (rollouts not shown by the alias status bar), the context key and the ticker. */
  private update(_changed?: RolloutRecord): void {
    if (this.disposed) return;
    const running = [...this.runners.values()].some((r) => !isTerminal(r.current));
    if (running && !this.ticker) this.ticker = setInterval(() => this.update(), 1_000);
    if (!running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
    const active = this.active();
    void vscode.commands.executeCommand('setContext', ACTIVE_CONTEXT_KEY, active.length > 0);
    let binding: ReturnType<typeof readBinding> | undefined;
    try {
      binding = readBinding();
    } catch {
      binding = undefined;
    }
    // The bound alias shows its own stage in the alias status bar; the others get this item.
    const elsewhere = active.filter((r) => !(binding?.alias && binding.alias === r.aliasName && sameFunction(binding.ref, r.ref)));
    if (elsewhere.length === 0) this.item.hide();
    else {
      const first = elsewhere[0];
      const stage = this.stageFor(first.ref, first.aliasName) ?? shortStage(first);
      this.item.text = `$(sync${this.runners.has(first.id) ? '~spin' : ''}) ${first.ref.functionName}:${first.aliasName} ${stage}${elsewhere.length > 1 ? ` (+${elsewhere.length - 1})` : ''}`;
      this.item.tooltip = elsewhere.map((r) => `${r.ref.functionName}:${r.aliasName} (${r.ref.target.profile}, ${r.ref.target.region}): ${r.fromVersion} → ${r.toVersion}, ${r.plan.name} — ${r.status}${r.lastGate ? `\nLast reading: ${r.lastGate.summary}` : ''}`).join('\n\n');
      this.item.command = CommandIds.rolloutActions;
      this.item.show();
    }
    this.emitter.fire();
  }
}
