/**
 * File names that a zip carries safely to Lambda (Linux keeps every byte of a name) but that break
 * elsewhere: the same package unzipped on macOS or Windows, whose file systems fold case and (macOS)
 * Unicode normalisation, turns two entries into one, silently. Those are warned about, not refused.
 * A control character (a newline, an escape…) in a name is refused: it garbles every list, log and
 * shell command that shows the name, and no handler needs one.
 */
import { ReleaseError } from './errors';

export type CollisionReason = 'case' | 'normalization' | 'case and normalization';

/** Two or more paths that name the same file on a case-insensitive, normalisation-insensitive file system. */
export interface NameCollision {
  /** Sorted, as in the zip. */
  paths: string[];
  reason: CollisionReason;
}

// C0 controls, DEL and the C1 controls.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Refuses a path with a control character, naming it readably (escaped) and the character. */
export function checkNameCharacters(relativePath: string, ignoreFileName: string): void {
  const match = CONTROL_CHARACTER.exec(relativePath);
  if (!match) return;
  const code = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  throw new ReleaseError('validation', `The name ${quoted(relativePath)} contains a control character (${code}${CONTROL_NAMES[match[0]] ? `, ${CONTROL_NAMES[match[0]]}` : ''}); it is not deployed that way.`, {
    hint: `Rename it, or leave it out with a ${ignoreFileName} pattern (e.g. one using ? for the character).`,
  });
}

/** JSON's quoting, which escapes C0 controls but not DEL or the C1 range: those too. */
function quoted(name: string): string {
  return JSON.stringify(name).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const CONTROL_NAMES: Record<string, string> = { '\n': 'a newline', '\r': 'a carriage return', '\t': 'a tab', '\u001b': 'an escape' };

/** Groups of paths (sorted input) that collide once case and Unicode normalisation are folded. */
export function findNameCollisions(sortedPaths: readonly string[]): NameCollision[] {
  // A group becomes an array only once a second name joins it: most packages have no clash at all.
  const byKey = new Map<string, string | string[]>();
  for (const path of sortedPaths) {
    const key = foldedName(path);
    const group = byKey.get(key);
    if (group === undefined) byKey.set(key, path);
    else if (typeof group === 'string') byKey.set(key, [group, path]);
    else group.push(path);
  }
  const collisions: NameCollision[] = [];
  for (const paths of byKey.values()) {
    if (typeof paths === 'string') continue;
    const oneNormalized = new Set(paths.map((p) => p.normalize('NFC'))).size === 1;
    const oneLowerCase = new Set(paths.map((p) => p.toLowerCase())).size === 1;
    const reason: CollisionReason = oneNormalized ? 'normalization' : oneLowerCase ? 'case' : 'case and normalization';
    collisions.push({ paths, reason });
  }
  return collisions.sort((a, b) => (a.paths[0] < b.paths[0] ? -1 : a.paths[0] > b.paths[0] ? 1 : 0));
}

/** What macOS (APFS/HFS+, case-insensitive by default) and Windows (NTFS) treat as the same name. */
function foldedName(path: string): string {
  // ASCII needs no normalisation (and most names are ASCII).
  return ASCII.test(path) ? path.toLowerCase() : path.normalize('NFC').toLowerCase().normalize('NFC');
}

const ASCII = /^[\x00-\x7f]*$/;

/** One sentence per collision, for the deploy warning and "Show What Will Be Deployed". */
export function describeNameCollision(collision: NameCollision): string {
  const names = collision.paths.map((p) => (collision.reason === 'case' ? p : `${p} (${normalizationForm(p)})`)).join(', ');
  const differ = collision.reason === 'case' ? 'only in case' : collision.reason === 'normalization' ? 'only in Unicode normalization' : 'only in case and Unicode normalization';
  return `${names} differ ${differ}: unzipped on macOS or Windows, one overwrites the other (Lambda, on Linux, keeps both).`;
}

function normalizationForm(path: string): string {
  if (path === path.normalize('NFC')) return 'NFC';
  if (path === path.normalize('NFD')) return 'NFD';
  return 'mixed';
}
