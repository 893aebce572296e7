/**
 * The alarms that abort a rollout: those named in lambdaRelease.rollout.alarmNames, plus any the
 * user ticks among the metric alarms that watch the function (FunctionName dimension). No alarm
 * watches it: nothing is asked. A listing that fails is said in the log and the setting's names stay.
 */
import * as vscode from 'vscode';
import type { FunctionRef } from '../../aws/types';
import { CancelledError, describeForLog } from '../../release/errors';
import type { Services } from '../../services';

export async function pickAlarms(services: Services, log: vscode.LogOutputChannel, ref: FunctionRef, configured: string[]): Promise<string[]> {
  let watching: { name: string; state: string }[];
  try {
    watching = await services.aws().metrics(ref.target).alarmsForFunction(ref.functionName);
  } catch (error) {
    log.warn(`Could not list the alarms of ${ref.functionName}: ${describeForLog(error)}`);
    return configured;
  }
  const offered = watching.filter((a) => !configured.includes(a.name));
  if (offered.length === 0) return configured;
  const picked = await vscode.window.showQuickPick(
    [
      ...configured.map((name) => ({ label: name, description: 'lambdaRelease.rollout.alarmNames', picked: true, alwaysShow: true })),
      ...offered.map((a) => ({ label: a.name, description: `now ${a.state}`, picked: false })),
    ],
    { title: `Which alarms of ${ref.functionName} abort the rollout in ALARM?`, canPickMany: true, placeHolder: 'Tick the alarms to watch (none is fine: the metrics and logs still judge)' },
  );
  if (!picked) throw new CancelledError();
  // The configured names always stay (a workspace or the user set them on purpose).
  return [...new Set([...configured, ...picked.map((p) => p.label)])];
}
