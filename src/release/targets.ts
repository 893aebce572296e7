/**
 * Deploy targets of a workspace folder, pure: several functions per repository, each with its own
 * source folder(s), build, Python requirements or image, excludes and smoke events. Read from
 * `lambdaRelease.targets` (an array in .vscode/settings.json, per folder in a multi-root
 * workspace); the single-target settings `lambdaRelease.target.*` keep working and read as one
 * target. Which target a file belongs to is the one whose source folder holds it (deepest wins).
 */
import * as path from 'node:path';
import type { FunctionRef } from '../aws/types';
import { ReleaseError } from './errors';

/** A build: a VS Code task by its label, or a command line run as a task. */
export type BuildSpec = { task: string } | { command: string };

export interface WorkspaceTarget {
  /** Unique within the folder; what pickers, the status bar and summaries show. */
  name: string;
  ref: FunctionRef;
  alias?: string;
  /** Absolute folder of the workspace folder this target belongs to. */
  root: string;
  /** Absolute folders merged at the zip root (at least one). */
  sourceFolders: string[];
  build?: BuildSpec;
  /** Absolute path of a requirements file: dependencies installed for the function's platform. */
  requirementsFile?: string;
  /** For an image function: the tag (or URI) Deploy Changed Functions follows, e.g. `latest`. */
  image?: string;
  excludes: string[];
  smokeEvents: string[];
  /** True when it came from the single-target settings `lambdaRelease.target.*`. */
  legacy?: boolean;
}

/** One entry of `lambdaRelease.targets` as written in settings. */
export interface RawTarget {
  name?: unknown;
  profile?: unknown;
  region?: unknown;
  function?: unknown;
  alias?: unknown;
  sourceFolder?: unknown;
  sourceFolders?: unknown;
  buildTask?: unknown;
  buildCommand?: unknown;
  requirements?: unknown;
  image?: unknown;
  excludes?: unknown;
  smokeEvents?: unknown;
}

/** The single-target settings as they exist today. */
export interface LegacyTarget {
  profile?: string;
  region?: string;
  function?: string;
  alias?: string;
  sourceFolder?: string;
  smokeEvents?: readonly string[];
}

export interface TargetListing {
  targets: WorkspaceTarget[];
  /** Entries that could not be read, each naming the entry and the field: shown, never thrown. */
  problems: string[];
}

/**
 * The folder's targets: `lambdaRelease.targets` entries, plus the legacy single target when it
 * names a function no entry already names. `realpath` resolves symlinks for the inside-the-folder
 * check (injected so this stays pure); paths outside the folder are refused.
 */
export function readTargets(root: string, raw: unknown, legacy: LegacyTarget, realpath: (p: string) => string = (p) => p): TargetListing {
  const targets: WorkspaceTarget[] = [];
  const problems: string[] = [];
  const entries = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : undefined;
  if (!entries) problems.push('lambdaRelease.targets must be a list of targets.');
  for (const [index, entry] of (entries ?? []).entries()) {
    try {
      const target = readOne(root, entry as RawTarget, realpath);
      if (targets.some((t) => t.name === target.name)) throw new Error(`the name "${target.name}" is used twice`);
      targets.push(target);
    } catch (error) {
      problems.push(`lambdaRelease.targets[${index}]: ${(error as Error).message}`);
    }
  }
  if (legacy.profile && legacy.region && legacy.function) {
    const ref: FunctionRef = { target: { profile: legacy.profile, region: legacy.region }, functionName: legacy.function };
    if (!targets.some((t) => sameRef(t.ref, ref))) {
      try {
        targets.unshift({
          name: uniqueName(legacy.function, targets),
          ref,
          alias: legacy.alias || undefined,
          root,
          sourceFolders: [insideFolder(root, legacy.sourceFolder || '.', 'lambdaRelease.target.sourceFolder', realpath)],
          excludes: [],
          smokeEvents: [...(legacy.smokeEvents ?? [])],
          legacy: true,
        });
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
  }
  return { targets, problems };
}

function readOne(root: string, raw: RawTarget, realpath: (p: string) => string): WorkspaceTarget {
  if (typeof raw !== 'object' || raw === null) throw new Error('expected an object with profile, region and function');
  const functionName = text(raw.function, 'function', true) as string;
  const profile = text(raw.profile, 'profile', true) as string;
  const region = text(raw.region, 'region', true) as string;
  const name = text(raw.name, 'name') ?? functionName;
  const folders = raw.sourceFolders !== undefined ? list(raw.sourceFolders, 'sourceFolders') : [text(raw.sourceFolder, 'sourceFolder') ?? '.'];
  if (!folders.length) throw new Error('sourceFolders is empty');
  const buildTask = text(raw.buildTask, 'buildTask');
  const buildCommand = text(raw.buildCommand, 'buildCommand');
  if (buildTask && buildCommand) throw new Error('give buildTask or buildCommand, not both');
  const requirements = text(raw.requirements, 'requirements');
  const image = text(raw.image, 'image');
  if (image && (requirements || raw.sourceFolder !== undefined || raw.sourceFolders !== undefined || buildTask || buildCommand)) {
    throw new Error('an image target has no source folders, build or requirements (build and push the image with your own tooling)');
  }
  return {
    name,
    ref: { target: { profile, region }, functionName },
    alias: text(raw.alias, 'alias') || undefined,
    root,
    sourceFolders: image ? [] : unique(folders.map((folder) => insideFolder(root, folder, `sourceFolders "${folder}"`, realpath))),
    build: buildTask ? { task: buildTask } : buildCommand ? { command: buildCommand } : undefined,
    requirementsFile: requirements ? insideFolder(root, requirements, `requirements "${requirements}"`, realpath) : undefined,
    image,
    excludes: raw.excludes === undefined ? [] : list(raw.excludes, 'excludes'),
    smokeEvents: raw.smokeEvents === undefined ? [] : list(raw.smokeEvents, 'smokeEvents'),
  };
}

/** The target whose source folder holds `file` (the deepest folder wins), if any. */
export function targetForFile(targets: readonly WorkspaceTarget[], file: string): WorkspaceTarget | undefined {
  let best: { target: WorkspaceTarget; depth: number } | undefined;
  for (const target of targets) {
    // An image target has no source folder: no file belongs to it.
    for (const folder of [...target.sourceFolders, ...(target.requirementsFile ? [path.dirname(target.requirementsFile)] : [])]) {
      if (!isInside(folder, file)) continue;
      const depth = folder.split(path.sep).length;
      if (!best || depth > best.depth) best = { target, depth };
    }
  }
  return best?.target;
}

/** The settings entry for a target (what "Bind Workspace to Function…" writes). */
export function toRawTarget(target: Omit<WorkspaceTarget, 'legacy'>): RawTarget {
  const relative = (p: string) => path.relative(target.root, p).split(path.sep).join('/') || '.';
  const folders = target.sourceFolders.map(relative);
  return {
    name: target.name,
    profile: target.ref.target.profile,
    region: target.ref.target.region,
    function: target.ref.functionName,
    ...(target.alias ? { alias: target.alias } : {}),
    ...(target.image ? { image: target.image } : folders.length === 1 ? { sourceFolder: folders[0] } : { sourceFolders: folders }),
    ...(target.build && 'task' in target.build ? { buildTask: target.build.task } : {}),
    ...(target.build && 'command' in target.build ? { buildCommand: target.build.command } : {}),
    ...(target.requirementsFile ? { requirements: relative(target.requirementsFile) } : {}),
    ...(target.excludes.length ? { excludes: target.excludes } : {}),
    ...(target.smokeEvents.length ? { smokeEvents: target.smokeEvents } : {}),
  };
}

/** `lambdaRelease.targets` with `entry` added, or replacing the entry of the same name or function. */
export function upsertRawTarget(raw: unknown, entry: RawTarget): RawTarget[] {
  const entries = Array.isArray(raw) ? (raw as RawTarget[]) : [];
  const same = (e: RawTarget) => e.name === entry.name || (e.name === undefined && e.function === entry.name) || (e.function === entry.function && e.profile === entry.profile && e.region === entry.region);
  const at = entries.findIndex(same);
  if (at < 0) return [...entries, entry];
  return entries.map((e, i) => (i === at ? entry : e));
}

export function describeBuild(build: BuildSpec): string {
  return 'task' in build ? `task "${build.task}"` : `command \`${build.command}\``;
}

export function sameRef(a: FunctionRef, b: FunctionRef): boolean {
  return a.functionName === b.functionName && a.target.profile === b.target.profile && a.target.region === b.target.region;
}

/** A path from settings, resolved against the folder; outside it (also through a symlink) is refused. */
export function insideFolder(root: string, relativePath: string, what: string, realpath: (p: string) => string = (p) => p): string {
  const resolved = path.resolve(root, relativePath);
  if (!isInside(realpath(root), realpath(resolved))) {
    throw new ReleaseError('validation', `${what} is outside the workspace folder.`, { hint: 'Use a path inside the workspace folder, e.g. "." or "src".' });
  }
  return resolved;
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function text(value: unknown, field: string, required = false): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) throw new Error(`${field} is missing`);
    return undefined;
  }
  if (typeof value !== 'string') throw new Error(`${field} must be text`);
  return value.trim();
}

function list(value: unknown, field: string): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new Error(`${field} must be a list of text`);
  return value as string[];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function uniqueName(base: string, taken: readonly WorkspaceTarget[]): string {
  let name = base;
  for (let n = 2; taken.some((t) => t.name === name); n++) name = `${base} (${n})`;
  return name;
}
