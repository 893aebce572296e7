/**
 * Running log tails: one output channel per function (reused), at most one tail per function,
 * a status-bar item with the event rate while any tail runs, and stop on demand or on dispose.
 */
import * as vscode from 'vscode';
import type { TailStatus } from '../aws/logsGateway';
import { formatLogLine } from '../release/logFilter';
import { describeForLog, describeForUser, isCancellation, userFacing } from '../release/errors';
import { CommandIds } from '../commands/commandIds';
import type { Services } from '../services';
import { settings } from '../services';
import { SettingKeys } from '../settingKeys';
import type { FunctionRef } from '../aws/types';

interface RunningTail {
  key: string;
  label: string;
  controller: AbortController;
  events: number;
  /** Events counted at the last rate sample. */
  eventsAtSample: number;
}

export interface TailRequest {
  ref: FunctionRef;
  /** Versions to keep (an alias resolved to its versions); undefined = every version. */
  versions?: string[];
  /** Human description of the filter, e.g. "alias prod (41, 42)". */
  scope: string;
  filterPattern?: string;
  /** The function's log group when it is not the default `/aws/lambda/NAME` (LoggingConfig.LogGroup). */
  logGroup?: string;
}

export class LogTails implements vscode.Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private readonly running = new Map<string, RunningTail>();
  private readonly item = vscode.window.createStatusBarItem('lambdaRelease.tails', vscode.StatusBarAlignment.Left, 49);
  /** Samples the event rate while any tail runs (stopped when none does). */
  private timer?: NodeJS.Timeout;
  private disposed = false;
  private readonly contextKey = 'lambdaRelease.tailing';

  constructor(private readonly services: Services) {
    this.item.name = 'Lambda log tails';
    this.item.command = CommandIds.stopTailing;
  }

  active(): { key: string; label: string }[] {
    return [...this.running.values()].map(({ key, label }) => ({ key, label }));
  }

  /** Starts (or restarts with the new filter) the tail of one function into its channel. */
  start(request: TailRequest): void {
    const { ref } = request;
    const key = `${ref.target.profile}|${ref.target.region}|${ref.functionName}`;
    this.stop(key);
    const channel = this.channelFor(key, ref.functionName);
    channel.show(true);
    const logGroup = request.logGroup ?? `/aws/lambda/${ref.functionName}`;
    channel.appendLine(`── tailing ${logGroup} (${ref.target.profile}, ${ref.target.region}) · ${request.scope}${request.filterPattern ? ` · pattern ${request.filterPattern}` : ''}`);

    const tail: RunningTail = { key, label: `${ref.functionName} (${request.scope})`, controller: new AbortController(), events: 0, eventsAtSample: 0 };
    this.running.set(key, tail);
    this.updateStatus(0);
    const started = Date.now();
    const append = (line: string) => {
      if (!this.disposed) channel.appendLine(line); // a tail may settle after the window closed its channel
    };
    Promise.resolve()
      .then(() => this.services.aws().logs(ref.target))
      .then((logs) => logs.tail(logGroup, {
        signal: tail.controller.signal,
        versions: request.versions,
        filterPattern: request.filterPattern || undefined,
        pollIntervalMs: settings().get<number>(SettingKeys.logPollIntervalMs, 1000),
        onEvent: (event) => {
          tail.events++;
          append(formatLogLine(event));
        },
        onStatus: (status: TailStatus) => append(`── ${status.message}`),
      }))
      .then(
        (summary) =>
          append(
            `── stopped after ${Math.round((Date.now() - started) / 1000)} s: ${summary.delivered} event${summary.delivered === 1 ? '' : 's'}${summary.mode ? ` (${summary.mode === 'liveTail' ? 'Live Tail' : 'polling'})` : ''}`,
          ),
        (error) => {
          if (isCancellation(error) || this.disposed) return;
          append(`── tail failed: ${describeForUser(error)}`);
          this.services.log.error(`Tail of ${logGroup} failed: ${describeForLog(error)}`);
          void vscode.window.showErrorMessage(`Tail of ${ref.functionName} stopped: ${userFacing(error).message}`);
        },
      )
      .finally(() => {
        if (this.running.get(key) === tail) this.running.delete(key);
        this.updateStatus(0);
      });
  }

  stop(key: string): void {
    const tail = this.running.get(key);
    if (!tail) return;
    tail.controller.abort();
    this.running.delete(key);
    this.updateStatus(0);
  }

  stopAll(): void {
    for (const key of [...this.running.keys()]) this.stop(key);
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.timer);
    this.stopAll();
    this.item.dispose();
    for (const channel of this.channels.values()) channel.dispose();
  }

  private channelFor(key: string, functionName: string): vscode.OutputChannel {
    let channel = this.channels.get(key);
    if (!channel) {
      channel = vscode.window.createOutputChannel(`Lambda Logs: ${functionName}`);
      this.channels.set(key, channel);
    }
    return channel;
  }

  /** Redraws the status item; `seconds` > 0 also samples the event rate over that period. */
  private updateStatus(seconds: number): void {
    if (this.disposed) return;
    if (seconds === 0) void vscode.commands.executeCommand('setContext', this.contextKey, this.running.size > 0);
    if (!this.running.size) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.item.hide();
      return;
    }
    this.timer ??= setInterval(() => this.updateStatus(5), 5000);
    let rate = 0;
    for (const tail of this.running.values()) {
      if (seconds > 0) {
        rate += (tail.events - tail.eventsAtSample) / seconds;
        tail.eventsAtSample = tail.events;
      }
    }
    const names = [...this.running.values()].map((t) => t.label);
    this.item.text = `$(output) ${this.running.size === 1 ? names[0] : `${this.running.size} tails`}${seconds > 0 ? ` · ${rate.toFixed(1)} ev/s` : ''}`;
    this.item.tooltip = `Tailing: ${names.join(', ')}\nClick to stop.`;
    this.item.show();
  }
}
