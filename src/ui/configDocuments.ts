/**
 * Read-only virtual documents holding a version's normalised configuration, for VS Code's diff
 * editor. URI: `lambda-config:/<function> <qualifier>.yaml?profile=…&region=…&function=…&qualifier=…`.
 * Environment values are masked unless revealed (setting, or the "Reveal Values" toggle).
 */
import * as vscode from 'vscode';
import { normaliseConfiguration } from '../release/configDiff';
import { settings, type Services } from '../services';
import { SettingKeys } from '../settingKeys';
import type { FunctionRef } from '../aws/types';
import { allOrAbort } from '../release/abortScope';
import { describeForLog, userFacing } from '../release/errors';

export const CONFIG_SCHEME = 'lambda-config';

export class ConfigDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private revealed: boolean;
  private readonly open = new Set<string>();

  constructor(private readonly services: Services) {
    this.revealed = settings().get<boolean>(SettingKeys.revealEnvironmentValues, false);
  }

  static uriFor(ref: FunctionRef, qualifier: string): vscode.Uri {
    const query = new URLSearchParams({ profile: ref.target.profile, region: ref.target.region, function: ref.functionName, qualifier });
    return vscode.Uri.from({ scheme: CONFIG_SCHEME, path: `/${ref.functionName} ${qualifier}.yaml`, query: query.toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    this.open.add(uri.toString());
    const params = new URLSearchParams(uri.query);
    const functionName = params.get('function') ?? '';
    const qualifier = params.get('qualifier') ?? '$LATEST';
    const gateway = this.services.lambda({ profile: params.get('profile') ?? '', region: params.get('region') ?? '' });
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    const signal = controller.signal;
    try {
      const target = { profile: params.get('profile') ?? '', region: params.get('region') ?? '' };
      const [config, reservedConcurrency, provisioned] = await allOrAbort(signal, [
        (s) => gateway.getFunctionConfiguration(functionName, qualifier, { signal: s }),
        // Not every endpoint answers this (and it is optional in the document).
        (s) => gateway.getReservedConcurrency(functionName, { signal: s }).catch(() => undefined),
        // A Fact: never throws but for cancellation.
        (s) => (qualifier === '$LATEST' ? Promise.resolve(undefined) : this.services.aws().versionFacts(target).provisionedConcurrency(functionName, qualifier, { signal: s })),
      ] as const);
      const provisionedConcurrency = provisioned === undefined ? undefined : provisioned.known ? (provisioned.value?.requested ?? null) : `unknown (${provisioned.reason})`;
      return normaliseConfiguration(config, { revealValues: this.revealed, reservedConcurrency, provisionedConcurrency });
    } catch (error) {
      const e = userFacing(error);
      this.services.log.error(`Reading the configuration of ${functionName}:${qualifier} failed: ${describeForLog(error)}`);
      return `# Could not read ${functionName}:${qualifier}\n# ${e.message}\n${e.hint ? `# ${e.hint}\n` : ''}`;
    }
  }

  /** Shows or hides environment values in every open configuration document. */
  toggleReveal(): boolean {
    this.revealed = !this.revealed;
    for (const uri of this.open) this.changed.fire(vscode.Uri.parse(uri));
    return this.revealed;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
