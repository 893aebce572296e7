/**
 * The one picker of "Deploy Changed Functions": changed targets first (checked), then the ones
 * that need nothing (greyed: an icon and "unchanged", never deployed even if ticked) and the ones
 * that could not be checked (with the reason), and the "stop at the first failure" option.
 */
import * as vscode from 'vscode';
import type { Assessment } from '../release/changedFunctions';
import { CancelledError, describeForUser } from '../release/errors';
import { shortDigest } from '../release/imageRef';
import { formatBytes } from '../tree/format';

interface Item extends vscode.QuickPickItem {
  assessment?: Assessment;
  stopOption?: true;
}

export interface ChangedChoice {
  chosen: Assessment[];
  stopAtFirstFailure: boolean;
}

export async function pickChanged(assessments: readonly Assessment[]): Promise<ChangedChoice> {
  const changed = assessments.filter((a) => a.state?.status === 'changed');
  const unchanged = assessments.filter((a) => a.state?.status === 'unchanged');
  const failed = assessments.filter((a) => a.error !== undefined);
  // The function is named only when the target's name differs from it.
  const where = (a: Assessment) => [a.target.name !== a.target.ref.functionName ? a.target.ref.functionName : undefined, a.target.ref.target.profile, a.target.ref.target.region].filter(Boolean).join(' · ');
  const items: Item[] = [
    { label: 'Changed', kind: vscode.QuickPickItemKind.Separator },
    ...changed.map((a) => ({ label: `$(cloud-upload) ${a.target.name}`, description: where(a), detail: changeDetail(a), picked: true, assessment: a })),
    ...(unchanged.length ? [{ label: 'Unchanged: already deployed', kind: vscode.QuickPickItemKind.Separator } as Item] : []),
    ...unchanged.map((a) => ({ label: `$(circle-slash) ${a.target.name}`, description: `unchanged · ${where(a)}`, assessment: a })),
    ...(failed.length ? [{ label: 'Could not be checked', kind: vscode.QuickPickItemKind.Separator } as Item] : []),
    ...failed.map((a) => ({ label: `$(error) ${a.target.name}`, description: where(a), detail: describeForUser(a.error), assessment: a })),
    { label: 'Options', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(debug-stop) Stop at the first failure', description: 'otherwise one failure does not stop the others', stopOption: true },
  ];
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = `Lambda: Deploy Changed Functions (${changed.length} changed, ${unchanged.length} unchanged${failed.length ? `, ${failed.length} could not be checked` : ''})`;
  pick.placeholder = 'Tick the functions to deploy and publish, then press Enter';
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.items = items;
  pick.selectedItems = items.filter((i) => i.picked);
  try {
    return await new Promise<ChangedChoice>((resolve, reject) => {
      pick.onDidAccept(() => {
        const selected = pick.selectedItems;
        // Only changed targets deploy: ticking an unchanged or unchecked one does nothing.
        const chosen = selected.map((i) => i.assessment).filter((a): a is Assessment => a?.state?.status === 'changed');
        resolve({ chosen, stopAtFirstFailure: selected.some((i) => i.stopOption) });
        pick.hide();
      });
      pick.onDidHide(() => reject(new CancelledError()));
      pick.show();
    });
  } finally {
    pick.dispose();
  }
}

function changeDetail(a: Assessment): string | undefined {
  const state = a.state;
  if (state?.kind === 'image') return `image ${state.currentDigest ? shortDigest(state.currentDigest) : '?'} → ${shortDigest(state.digest)}`;
  if (state?.kind === 'zip') {
    const files = `${state.pkg.fileCount} file${state.pkg.fileCount === 1 ? '' : 's'}`;
    return `${files}, ${formatBytes(state.pkg.zip.length)} zipped · CodeSha256 ${state.current.codeSha256?.slice(0, 8) ?? '?'}… → ${state.pkg.sha256.slice(0, 8)}…`;
  }
  return undefined;
}
