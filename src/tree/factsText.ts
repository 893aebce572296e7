/**
 * Version facts as tooltip lines and short description badges. Plain strings (no `vscode`), so
 * unit tests read exactly what a user sees. A fact that could not be read says why.
 */
import { provisionedOf, type FunctionFacts } from '../release/functionFacts';
import { describeProvisioned, type AccountLimits, type Fact, type FunctionUrl, type ProvisionedConcurrency, type VersionConfigFacts } from '../release/versionFacts';
import { formatBytes } from './format';

export const LOADING = 'loading…';

function unknownText(fact: { reason: string; unsupported?: boolean }): string {
  return `unknown (${fact.reason})`;
}

function urlText(fact: Fact<FunctionUrl | null>): string | undefined {
  if (!fact.known) return unknownText(fact);
  if (!fact.value) return undefined;
  const url = fact.value;
  return `${url.url} (${url.authType === 'NONE' ? 'public: auth NONE' : url.authType}${url.cors ? ` · ${url.cors}` : ''})`;
}

function provisionedText(fact: Fact<ProvisionedConcurrency | null>): string | undefined {
  if (!fact.known) return unknownText(fact);
  return fact.value ? describeProvisioned(fact.value) : undefined;
}

/** Function tooltip: reserved and provisioned concurrency, the $LATEST URL, runtime updates, code signing. */
export function functionFactLines(facts: FunctionFacts | undefined): string[] {
  if (!facts) return [`Concurrency, URL, runtime: ${LOADING}`];
  const reserved = !facts.reserved.known ? unknownText(facts.reserved) : facts.reserved.value === null ? 'unreserved' : `${facts.reserved.value}${facts.reserved.value === 0 ? ' (every invocation is throttled)' : ''}`;
  const provisioned = !facts.provisioned.known
    ? unknownText(facts.provisioned)
    : facts.provisioned.value.length
      ? facts.provisioned.value.map((pc) => `${pc.qualifier}: ${describeProvisioned(pc)}`).join('; ')
      : 'none';
  const runtime = !facts.runtime.known
    ? unknownText(facts.runtime)
    : `${facts.runtime.value.updateRuntimeOn ?? '?'}${facts.runtime.value.runtimeVersionArn ? ` (pinned to \`${facts.runtime.value.runtimeVersionArn}\`)` : ''}`;
  const signing = !facts.codeSigning.known ? unknownText(facts.codeSigning) : facts.codeSigning.value ?? 'none';
  const url = facts.urls.get('');
  return [
    `Reserved concurrency: ${reserved}`,
    `Provisioned concurrency: ${provisioned}`,
    url ? `Function URL ($LATEST): ${urlText(url) ?? 'none'}` : undefined,
    `Runtime updates: ${runtime}`,
    `Code signing: ${signing}`,
  ].filter((line): line is string => Boolean(line));
}

/** Alias tooltip lines: its provisioned concurrency and function URL. */
export function aliasFactLines(aliasName: string, facts: FunctionFacts | undefined): string[] {
  if (!facts) return [`Provisioned concurrency, function URL: ${LOADING}`];
  const url = facts.urls.get(aliasName);
  return [`Provisioned concurrency: ${provisionedText(provisionedOf(facts, aliasName)) ?? 'none'}`, `Function URL: ${(url && urlText(url)) ?? 'none'}`];
}

/** Alias description badge: ` · PC 5 READY · URL`. */
export function aliasBadge(aliasName: string, facts: FunctionFacts | undefined): string {
  if (!facts) return '';
  const pc = provisionedOf(facts, aliasName);
  const url = facts.urls.get(aliasName);
  const parts = [pc.known && pc.value ? `PC ${pc.value.requested ?? '?'} ${pc.value.status ?? ''}`.trim() : undefined, url?.known && url.value ? (url.value.authType === 'NONE' ? 'public URL' : 'URL') : undefined];
  return parts.filter(Boolean).map((p) => ` · ${p}`).join('');
}

/** Version tooltip lines: state, layers with sizes, runtime version, SnapStart, provisioned concurrency. */
export function versionFactLines(version: VersionConfigFacts | undefined, facts: FunctionFacts | undefined): string[] {
  const lines: string[] = [];
  if (version) {
    if (version.state && version.state !== 'Active') lines.push(`State: ${version.state}${version.stateReason ? ` (${version.stateReason})` : ''}`);
    if (version.lastUpdateStatus === 'Failed') lines.push(`Last update failed${version.lastUpdateStatusReason ? `: ${version.lastUpdateStatusReason}` : ''}`);
    lines.push(
      version.layers.length
        ? `Layers: ${version.layers.map((l) => `${l.name}:${l.version} (${formatBytes(l.codeSize)})`).join(', ')}`
        : 'Layers: none',
    );
    if (version.packageType !== 'Image') lines.push(`Runtime version: ${version.runtimeVersionArn ? `\`${version.runtimeVersionArn}\`` : 'not reported by Lambda'}`);
    if (version.snapStart && version.snapStart.applyOn && version.snapStart.applyOn !== 'None') {
      lines.push(`SnapStart: ${version.snapStart.applyOn} · optimization ${version.snapStart.optimizationStatus ?? 'not reported'}`);
    }
  }
  if (version && version.version !== '$LATEST') {
    lines.push(facts ? `Provisioned concurrency: ${provisionedText(provisionedOf(facts, version.version)) ?? 'none'}` : `Provisioned concurrency: ${LOADING}`);
  }
  return lines;
}

/** Version description badge: `2 layers`. */
export function versionBadge(version: VersionConfigFacts | undefined): string | undefined {
  if (!version?.layers.length) return undefined;
  return `${version.layers.length} layer${version.layers.length === 1 ? '' : 's'}`;
}

/** Profile/region tooltip: the account's concurrency and code storage (GetAccountSettings). */
export function accountLines(fact: Fact<AccountLimits> | undefined): string[] {
  if (!fact) return [`Account limits: ${LOADING}`];
  if (!fact.known) return [`Account limits: ${unknownText(fact)}`];
  const a = fact.value;
  return [
    `Account concurrency: ${a.concurrentExecutions ?? '?'} · unreserved ${a.unreservedConcurrentExecutions ?? '?'}`,
    `Code storage: ${formatBytes(a.totalCodeSize)} of ${formatBytes(a.codeSizeLimit)}`,
  ];
}
