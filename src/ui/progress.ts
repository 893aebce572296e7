import * as vscode from 'vscode';

export interface StepReporter {
  /** `(2/4) Uploading…` */
  step(index: number, total: number, message: string): void;
  message(message: string): void;
}

/**
 * A cancellable progress notification whose Cancel aborts an AbortSignal, which every SDK call
 * and waiter below receives. The signal also fires once the task settles (a failure included).
 */
export function withCancellableProgress<T>(title: string, task: (progress: StepReporter, signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    let last = 0;
    const reporter: StepReporter = {
      step(index, total, message) {
        const increment = Math.max(0, (index - 1) / total) * 100 - last;
        last += increment;
        progress.report({ message: `(${index}/${total}) ${message}`, increment });
      },
      message(message) {
        progress.report({ message });
      },
    };
    // The command's signal ends with the command: work it started in the background stops too.
    return task(reporter, controller.signal).finally(() => {
      subscription.dispose();
      controller.abort();
    });
  });
}
