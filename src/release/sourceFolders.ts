/**
 * Several source folders merged at the zip root (e.g. the handler's folder and its installed
 * dependencies). Each folder is selected with its own rules (its own .lambdaignore); a path that two
 * folders both provide is refused naming both, because which copy wins would be an accident of order.
 */
import { ReleaseError } from './errors';
import { compareNames, type FileSelection } from './fileSelection';
import { findNameCollisions } from './nameChecks';

export interface LabelledSelection {
  /** How messages name the folder (workspace-relative path, or "Python dependencies"). */
  label: string;
  selection: FileSelection;
}

export function mergeSelections(parts: readonly LabelledSelection[]): FileSelection {
  if (parts.length === 1) return parts[0].selection;
  const owner = new Map<string, string>();
  const prefixed = (label: string, path: string) => `${path} (${label})`;
  for (const { label, selection } of parts) {
    for (const file of selection.files) {
      const first = owner.get(file.relativePath);
      if (first !== undefined) throw overlap(file.relativePath, first, label);
      owner.set(file.relativePath, label);
    }
  }
  // A file in one folder named like a folder of another (`lib` vs `lib/x.py`) cannot both be in a zip.
  for (const path of owner.keys()) {
    const segments = path.split('/');
    for (let depth = 1; depth < segments.length; depth++) {
      const parent = segments.slice(0, depth).join('/');
      const first = owner.get(parent);
      if (first !== undefined) throw overlap(`${parent} / ${path}`, first, owner.get(path) as string);
    }
  }
  const files = parts.flatMap((p) => p.selection.files).sort((a, b) => compareNames(a.relativePath, b.relativePath));
  return {
    root: parts[0].selection.root,
    files,
    totalSize: files.reduce((sum, file) => sum + file.size, 0),
    suspectedSecrets: parts.flatMap((p) => p.selection.suspectedSecrets),
    withheldSecrets: parts.flatMap((p) => p.selection.withheldSecrets.map((w) => prefixed(p.label, w))),
    skippedSpecialFiles: parts.flatMap((p) => p.selection.skippedSpecialFiles),
    // Over the merged list: two folders may hold names that only collide together.
    nameCollisions: findNameCollisions(files.map((file) => file.relativePath)),
  };
}

function overlap(path: string, first: string, second: string): ReleaseError {
  return new ReleaseError('validation', `${path} is in two source folders, ${first} and ${second}: the zip can hold only one.`, {
    hint: 'Remove one copy, or exclude it in one folder\'s .lambdaignore.',
  });
}
