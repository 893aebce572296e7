/**
 * Pre-flight checks before an alias moves — pure: facts in, findings out.
 *
 *   const findings = preflightChecks({ functionName, aliasName, weighted, current, target,
 *                                      aliasProvisioned, targetProvisioned });
 *
 * Each finding is one row a person can act on:
 * - `refuse`: Lambda would reject the move (weighted routing rules); the move stops before any call.
 * - `warn`:   the move works but changes something people trip over (cold starts, another runtime,
 *             other layers…); a modal shows it.
 * - `unknown`: the fact could not be read, so the check was NOT made — said as such, never "fine";
 *   its message names what was not checked and why, to follow "Not checked: ".
 * No finding for a check means it was made and found nothing.
 */
import type { Fact, LayerRef, ProvisionedConcurrency, VersionConfigFacts } from './versionFacts';

export type PreflightCheck = 'state' | 'provisioned' | 'weighted' | 'runtime' | 'snapStart' | 'layers' | 'configuration';
export type PreflightSeverity = 'refuse' | 'warn' | 'unknown';

export interface PreflightFinding {
  check: PreflightCheck;
  severity: PreflightSeverity;
  /** One line, e.g. `Layers differ: shared-utils 3 → 4, + otel 12`. */
  message: string;
  /** Two versions worth opening side by side ("Compare" button). */
  compare?: { left: string; right: string };
}

export interface PreflightInput {
  functionName: string;
  aliasName: string;
  /** The version that serves the alias now (its primary) and the one the move sends traffic to. */
  currentVersion: string;
  targetVersion: string;
  /** The move leaves the alias with weighted routing (a canary shift). */
  weighted: boolean;
  current: Fact<VersionConfigFacts>;
  target: Fact<VersionConfigFacts>;
  /** Provisioned concurrency configured on the alias (null: none). */
  aliasProvisioned: Fact<ProvisionedConcurrency | null>;
  /** Provisioned concurrency configured on the target version (null: none). */
  targetProvisioned: Fact<ProvisionedConcurrency | null>;
}

const LATEST = '$LATEST';

export function preflightChecks(input: PreflightInput): PreflightFinding[] {
  const findings: PreflightFinding[] = [];
  const add = (finding: PreflightFinding | undefined) => finding && findings.push(finding);
  const { target, current } = input;
  const targetLabel = `version ${input.targetVersion}`;

  if (!target.known) {
    findings.push({ check: 'state', severity: 'unknown', message: `state, runtime, SnapStart, layers and settings of ${targetLabel} (could not read it: ${target.reason}).` });
  } else {
    add(checkState(target.value, targetLabel));
    add(checkSnapStart(target.value, targetLabel));
  }
  add(checkProvisioned(input));
  if (input.weighted) findings.push(...checkWeighted(input));
  if (target.known && !current.known) {
    findings.push({ check: 'runtime', severity: 'unknown', message: `runtime, layers and settings against version ${input.currentVersion} (could not read it: ${current.reason}).` });
  } else if (target.known && current.known) {
    add(checkRuntime(current.value, target.value, input));
    add(checkLayers(current.value.layers, target.value.layers));
    add(checkConfiguration(current.value, target.value, input));
  }
  return findings;
}

function checkState(target: VersionConfigFacts, label: string): PreflightFinding | undefined {
  if (target.lastUpdateStatus === 'Failed') {
    return { check: 'state', severity: 'warn', message: `The last update of ${label} failed${target.lastUpdateStatusReason ? `: ${target.lastUpdateStatusReason}` : ''}.` };
  }
  if (target.state === undefined) return { check: 'state', severity: 'unknown', message: `the state of ${label} (Lambda did not report it).` };
  if (target.state !== 'Active') {
    return { check: 'state', severity: 'warn', message: `${capitalise(label)} is ${target.state}, not Active${target.stateReason ? ` (${target.stateReason})` : ''}.` };
  }
  return undefined;
}

function checkSnapStart(target: VersionConfigFacts, label: string): PreflightFinding | undefined {
  const snap = target.snapStart;
  if (!snap || snap.applyOn !== 'PublishedVersions') return undefined;
  if (snap.optimizationStatus === 'On') return undefined;
  return { check: 'snapStart', severity: 'warn', message: `SnapStart is on, but ${label} is not optimized (${snap.optimizationStatus ?? 'status not reported'}): it starts without a snapshot.` };
}

function checkProvisioned(input: PreflightInput): PreflightFinding | undefined {
  const { aliasProvisioned, targetProvisioned } = input;
  if (!aliasProvisioned.known) {
    return { check: 'provisioned', severity: 'unknown', message: `provisioned concurrency of ${input.aliasName} (${aliasProvisioned.reason}).` };
  }
  const onAlias = aliasProvisioned.value;
  if (!onAlias || !(onAlias.requested ?? 0)) return undefined;
  if (!targetProvisioned.known) {
    return { check: 'provisioned', severity: 'unknown', message: `whether version ${input.targetVersion} has provisioned concurrency READY for ${input.aliasName}'s ${onAlias.requested} (${targetProvisioned.reason}).` };
  }
  if (targetProvisioned.value?.status === 'READY' && (targetProvisioned.value.available ?? targetProvisioned.value.allocated ?? 0) > 0) return undefined;
  const has = targetProvisioned.value ? `${targetProvisioned.value.status ?? 'no status'}` : 'none';
  return {
    check: 'provisioned',
    severity: 'warn',
    message: `${input.aliasName} has ${onAlias.requested} provisioned concurrency; version ${input.targetVersion} has none READY (${has}): expect cold starts while Lambda provisions it.`,
  };
}

/** Lambda's rules for weighted aliases: both versions published, same role, same dead-letter config. */
function checkWeighted(input: PreflightInput): PreflightFinding[] {
  const findings: PreflightFinding[] = [];
  const unpublished = [input.currentVersion, input.targetVersion].filter((v) => v === LATEST);
  if (unpublished.length) {
    findings.push({ check: 'weighted', severity: 'refuse', message: 'A weighted alias can only route between published versions, not $LATEST.' });
  }
  const { current, target } = input;
  if (!current.known || !target.known) {
    const reason = !current.known ? current.reason : !target.known ? target.reason : '';
    findings.push({ check: 'weighted', severity: 'unknown', message: `execution role and dead-letter queue of the two versions, which a weighted alias needs equal (${reason}).` });
    return findings;
  }
  if ((current.value.role ?? '') !== (target.value.role ?? '')) {
    findings.push({
      check: 'weighted',
      severity: 'refuse',
      message: `Lambda refuses weighted routing between versions with different execution roles (${shortArn(current.value.role)} on ${input.currentVersion}, ${shortArn(target.value.role)} on ${input.targetVersion}).`,
      compare: { left: input.currentVersion, right: input.targetVersion },
    });
  }
  if ((current.value.deadLetterTarget ?? '') !== (target.value.deadLetterTarget ?? '')) {
    findings.push({
      check: 'weighted',
      severity: 'refuse',
      message: `Lambda refuses weighted routing between versions with different dead-letter queues (${shortArn(current.value.deadLetterTarget)} on ${input.currentVersion}, ${shortArn(target.value.deadLetterTarget)} on ${input.targetVersion}).`,
      compare: { left: input.currentVersion, right: input.targetVersion },
    });
  }
  return findings;
}

function checkRuntime(current: VersionConfigFacts, target: VersionConfigFacts, input: PreflightInput): PreflightFinding | undefined {
  if (current.packageType === 'Image' || target.packageType === 'Image') return undefined; // the image carries its runtime
  if ((current.runtime ?? '') !== (target.runtime ?? '')) {
    return { check: 'runtime', severity: 'warn', message: `Runtime changes: ${current.runtime ?? 'none'} on ${input.currentVersion} → ${target.runtime ?? 'none'} on ${input.targetVersion}.` };
  }
  if (!current.runtimeVersionArn || !target.runtimeVersionArn) {
    const missing = [!current.runtimeVersionArn && input.currentVersion, !target.runtimeVersionArn && input.targetVersion].filter(Boolean).join(' and ');
    return { check: 'runtime', severity: 'unknown', message: `the runtime version (Lambda did not report it for version ${missing}).` };
  }
  if (current.runtimeVersionArn !== target.runtimeVersionArn) {
    return {
      check: 'runtime',
      severity: 'warn',
      message: `Runtime version differs: ${runtimeVersionName(current.runtimeVersionArn)} on ${input.currentVersion} → ${runtimeVersionName(target.runtimeVersionArn)} on ${input.targetVersion}.`,
    };
  }
  return undefined;
}

/** Layer changes by name: `shared-utils 3 → 4`, `+ otel 12`, `− legacy 2`. */
export function layerChanges(current: readonly LayerRef[], target: readonly LayerRef[]): string[] {
  const before = new Map(current.map((l) => [l.name, l]));
  const after = new Map(target.map((l) => [l.name, l]));
  const changes: string[] = [];
  for (const [name, layer] of after) {
    const old = before.get(name);
    if (!old) changes.push(`+ ${name} ${layer.version}`);
    else if (old.arn !== layer.arn) changes.push(old.version !== layer.version ? `${name} ${old.version} → ${layer.version}` : `${name} (other account or region)`);
  }
  for (const [name, layer] of before) if (!after.has(name)) changes.push(`− ${name} ${layer.version}`);
  return changes;
}

function checkLayers(current: readonly LayerRef[], target: readonly LayerRef[]): PreflightFinding | undefined {
  const changes = layerChanges(current, target);
  if (!changes.length) return undefined;
  return { check: 'layers', severity: 'warn', message: `Layers differ: ${changes.join(', ')}.` };
}

function checkConfiguration(current: VersionConfigFacts, target: VersionConfigFacts, input: PreflightInput): PreflightFinding | undefined {
  const parts: string[] = [];
  if (current.memoryMb !== target.memoryMb) parts.push(`memory ${current.memoryMb ?? '?'} → ${target.memoryMb ?? '?'} MB`);
  if (current.timeoutSeconds !== target.timeoutSeconds) parts.push(`timeout ${current.timeoutSeconds ?? '?'} → ${target.timeoutSeconds ?? '?'} s`);
  const before = new Set(current.environmentKeys);
  const after = new Set(target.environmentKeys);
  const added = [...after].filter((k) => !before.has(k)).length;
  const removed = [...before].filter((k) => !after.has(k)).length;
  if (added || removed) parts.push(`environment keys ${[added && `+${added}`, removed && `−${removed}`].filter(Boolean).join(' ')}`);
  if (!parts.length) return undefined;
  return { check: 'configuration', severity: 'warn', message: `Settings differ: ${parts.join(', ')}.`, compare: { left: input.currentVersion, right: input.targetVersion } };
}

/** Rows for a modal's detail, most serious first. */
export function formatFindings(findings: readonly PreflightFinding[]): string {
  const icon: Record<PreflightSeverity, string> = { refuse: '⛔', warn: '⚠', unknown: '?' };
  const order: PreflightSeverity[] = ['refuse', 'warn', 'unknown'];
  return [...findings]
    .sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity))
    .map((f) => `${icon[f.severity]} ${f.severity === 'unknown' ? `Not checked: ${f.message}` : f.message}`)
    .join('\n');
}

/** `arn:aws:lambda:us-east-1::runtime:0b2a…` → `0b2a…` (the hash part names it). */
function runtimeVersionName(arn: string): string {
  const id = arn.slice(arn.lastIndexOf(':') + 1);
  return id.length > 12 ? `${id.slice(0, 12)}…` : id;
}

function shortArn(arn: string | undefined): string {
  if (!arn) return 'none';
  return arn.slice(arn.lastIndexOf(':') + 1);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
