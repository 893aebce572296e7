/**
 * Saved test events: files in the workspace, one folder per function, so a team shares them
 * through git. `.lambda/events/<function>/<name>.json` is the payload; `<name>.expect.json` beside
 * it (optional) is the JSON subset a smoke test expects in the response.
 */
import { readdirSync } from 'node:fs';
import { readdir, readFile, mkdir, writeFile, access } from 'node:fs/promises';
import * as path from 'node:path';
import { ReleaseError } from './errors';
import { parsePayload } from './invocation';

export const EVENTS_FOLDER = path.join('.lambda', 'events');
const EXPECT_SUFFIX = '.expect.json';

export interface SavedEvent {
  name: string;
  /** Absolute path of `<name>.json`. */
  path: string;
  /** Absolute path of `<name>.expect.json`, when there is one. */
  expectPath?: string;
}

/** A saved event read from disk, payload checked as JSON, expectation parsed. */
export interface LoadedEvent extends SavedEvent {
  text: string;
  expectation?: unknown;
}

export function eventsFolder(root: string, functionName: string): string {
  return path.join(root, EVENTS_FOLDER, functionName);
}

/** Workspace-relative path for messages: `.lambda/events/orders-api/smoke-get.json`. */
export function relativeEventPath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** An event name becomes a file name: letters, digits, `.`, `-`, `_`; not ending in `.expect`. */
export function checkEventName(name: string): string | undefined {
  if (!name.trim()) return 'Enter a name, e.g. smoke-get-order.';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) return 'Use letters, digits, ".", "-" and "_" (start with a letter or digit, at most 100 characters).';
  if (name.endsWith('.expect') || name.endsWith('.json')) return 'Leave out ".json" and ".expect": the name is the file name without them.';
  return undefined;
}

/** The saved events of a function, sorted by name; none when the folder does not exist. */
export async function listEvents(root: string, functionName: string): Promise<SavedEvent[]> {
  const folder = eventsFolder(root, functionName);
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ReleaseError('validation', `Cannot read ${relativeEventPath(root, folder)}: ${(error as Error).message}`, { cause: error });
  }
  const names = new Set(entries);
  return entries
    .filter((file) => file.endsWith('.json') && !file.endsWith(EXPECT_SUFFIX))
    .map((file) => file.slice(0, -'.json'.length))
    .sort((a, b) => a.localeCompare(b))
    .map((name) => ({
      name,
      path: path.join(folder, `${name}.json`),
      expectPath: names.has(`${name}${EXPECT_SUFFIX}`) ? path.join(folder, `${name}${EXPECT_SUFFIX}`) : undefined,
    }));
}

/** Reads one saved event; a missing file or invalid JSON is refused with the file named. */
export async function loadEvent(root: string, functionName: string, name: string): Promise<LoadedEvent> {
  const file = path.join(eventsFolder(root, functionName), `${name}.json`);
  const shown = relativeEventPath(root, file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ReleaseError('notFound', `No saved event "${name}" for ${functionName}: ${shown} does not exist.`, {
        hint: 'Create it with "New Test Event", or fix lambdaRelease.target.smokeEvents.',
        cause: error,
      });
    }
    throw new ReleaseError('validation', `Cannot read ${shown}: ${(error as Error).message}`, { cause: error });
  }
  parsePayload(text, shown);
  const expectFile = path.join(eventsFolder(root, functionName), `${name}${EXPECT_SUFFIX}`);
  let expectation: unknown;
  let expectPath: string | undefined;
  try {
    const expectText = await readFile(expectFile, 'utf8');
    expectPath = expectFile;
    expectation = parsePayload(expectText, relativeEventPath(root, expectFile));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { name, path: file, text, expectPath, expectation };
}

/** Writes `<name>.json` (creating the folder); refuses to overwrite unless asked. Returns the path. */
export async function saveEvent(root: string, functionName: string, name: string, text: string, options: { overwrite?: boolean } = {}): Promise<string> {
  const problem = checkEventName(name);
  if (problem) throw new ReleaseError('validation', `"${name}" cannot be an event name. ${problem}`);
  parsePayload(text, 'The event');
  const folder = eventsFolder(root, functionName);
  const file = path.join(folder, `${name}.json`);
  if (!options.overwrite && (await exists(file))) {
    throw new ReleaseError('validation', `${relativeEventPath(root, file)} already exists.`, { hint: 'Choose another name, or overwrite it.' });
  }
  await mkdir(folder, { recursive: true });
  await writeFile(file, text.endsWith('\n') ? text : `${text}\n`);
  return file;
}

export async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The smoke events of a function: the names in `configured` (lambdaRelease.target.smokeEvents), or,
 * when it is empty, every saved event whose name starts with `smoke`. A configured name without a
 * file is refused (loadEvent), so a typo never turns the gate off.
 */
export async function loadSmokeEvents(root: string, functionName: string, configured: readonly string[] = []): Promise<LoadedEvent[]> {
  const names = configured.length ? [...configured] : (await listEvents(root, functionName)).map((e) => e.name).filter((name) => name.startsWith('smoke'));
  const loaded: LoadedEvent[] = [];
  for (const name of names) loaded.push(await loadEvent(root, functionName, name));
  return loaded;
}

/**
 * Whether a release of this function has a smoke step at all (read when the release is planned):
 * configured names always do (a missing file is then refused, never skipped); otherwise any
 * `smoke*.json` event in the function's folder.
 */
export function hasSmokeEvents(root: string, functionName: string, configured: readonly string[] = []): boolean {
  if (configured.length) return true;
  try {
    return readdirSync(eventsFolder(root, functionName)).some((file) => file.startsWith('smoke') && file.endsWith('.json') && !file.endsWith(EXPECT_SUFFIX));
  } catch {
    return false;
  }
}
