import * as vscode from 'vscode';
import type { FunctionDetails, FunctionSummary } from '../../aws/types';
import { describeForLog, isCancellation, userFacing } from '../../release/errors';
import { loadFunctionFacts, type FunctionFacts } from '../../release/functionFacts';
import { unknown } from '../../release/versionFacts';
import { ContextValues } from '../contextValues';
import { functionFactLines } from '../factsText';
import { formatBytes, timeAgo } from '../format';
import { AliasesFolderNode, VersionsFolderNode } from './folders';
import { ImageNode } from './ImageNode';
import { errorNode } from './MessageNode';
import type { TreeContext } from './TreeContext';
import type { FunctionRef } from '../../aws/types';
import type { FunctionScopedNode, TreeNode } from './TreeNode';

/** One expand's function facts: loaded after the rows are shown, then the rows that show them repaint. */
interface FactsLoad {
  promise: Promise<FunctionFacts>;
  value?: FunctionFacts;
  rows: Set<TreeNode>;
}

/** A Lambda function; expanding it loads its versions and aliases once for both folders. */
export class FunctionNode implements FunctionScopedNode {
  readonly id: string;
  private detailsPromise?: Promise<FunctionDetails>;
  private factsLoad?: FactsLoad;

  constructor(
    private readonly context: TreeContext,
    readonly ref: FunctionRef,
    readonly summary: FunctionSummary,
    readonly parent: TreeNode,
  ) {
    this.id = `${parent.id}/fn:${ref.functionName}`;
    context.track(this);
  }

  getTreeItem(): vscode.TreeItem {
    const fn = this.summary;
    const item = new vscode.TreeItem(fn.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = ContextValues.function;
    item.iconPath = new vscode.ThemeIcon('symbol-function');
    const kind = fn.packageType === 'Image' ? `image · ${fn.architectures?.join(', ') ?? 'x86_64'}` : fn.runtime ?? fn.packageType;
    item.description = [kind, fn.lastModified ? `modified ${timeAgo(fn.lastModified)}` : undefined].filter(Boolean).join(' · ');
    // The tooltip is filled on hover (resolveTreeItem): it shows the facts, read lazily.
    return item;
  }

  async resolveTreeItem(item: vscode.TreeItem): Promise<vscode.TreeItem> {
    const facts = await this.facts().promise.catch(() => undefined);
    item.tooltip = new vscode.MarkdownString([...this.summaryLines(), ...functionFactLines(facts)].join('\n\n'));
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    this.detailsPromise = undefined; // expanding or refreshing reloads versions and aliases
    this.factsLoad = undefined; // …and their facts
    const folders = [new AliasesFolderNode(this.context, this), new VersionsFolderNode(this.context, this)];
    return this.summary.packageType === 'Image' ? [await this.imageNode(), ...folders] : folders;
  }

  /** An image function shows what it runs (URI, resolved digest, architecture) above its aliases. */
  private async imageNode(): Promise<TreeNode> {
    try {
      return new ImageNode(this.ref, await this.context.services.images(this.ref.target).getFunctionImage(this.ref.functionName), this);
    } catch (error) {
      this.context.services.log.error(`Reading the image of ${this.ref.functionName} failed: ${describeForLog(error)}`);
      return errorNode(this, error);
    }
  }

  /** Versions and aliases, fetched once per expand and shared by both folders. */
  details(): Promise<FunctionDetails> {
    this.detailsPromise ??= this.context.services.lambda(this.ref.target).getFunctionDetails(this.ref.functionName);
    const pending = this.detailsPromise;
    pending.catch(() => {
      if (this.detailsPromise === pending) this.detailsPromise = undefined; // a failure is retried on next expand
    });
    return pending;
  }

  /** Facts loaded so far (undefined while loading): rows read them in getTreeItem. */
  loadedFacts(): FunctionFacts | undefined {
    return this.factsLoad?.value;
  }

  /**
   * Called by the folders with the rows they just returned: the facts load starts once those rows
   * are on screen (never delaying them) and the rows repaint when it settles.
   */
  showFactsIn(rows: readonly TreeNode[]): void {
    const load = this.facts();
    if (load.value) return; // rows made after the load read the value directly
    for (const row of rows) load.rows.add(row);
  }

  private facts(): FactsLoad {
    if (this.factsLoad) return this.factsLoad;
    const rows = new Set<TreeNode>();
    const promise = new Promise((resolve) => setTimeout(resolve, 0))
      .then(() => this.details())
      .then((details) => loadFunctionFacts(this.context.services.aws().versionFacts(this.ref.target), this.ref.functionName, details.aliases.map((a) => a.name)))
      .catch((error: unknown) => {
        if (!isCancellation(error)) this.context.services.log.warn(`Reading the facts of ${this.ref.functionName} failed: ${describeForLog(error)}`);
        const reason = unknown(userFacing(error).message);
        return { reserved: reason, provisioned: reason, runtime: reason, codeSigning: reason, urls: new Map() } satisfies FunctionFacts;
      });
    const load: FactsLoad = { promise, rows };
    this.factsLoad = load;
    void promise.then((value) => {
      if (this.factsLoad !== load) return; // a newer expand replaced this load
      load.value = value;
      for (const row of rows) this.context.repaint(row);
    });
    return load;
  }

  private summaryLines(): string[] {
    const fn = this.summary;
    return [
      `**${fn.name}**`,
      fn.description ? `_${fn.description}_` : undefined,
      `ARN: \`${fn.arn}\``,
      `Runtime: ${fn.runtime ?? fn.packageType ?? '?'} · Package: ${fn.packageType ?? '?'} · Handler: ${fn.handler ?? '?'}`,
      `Memory: ${fn.memoryMb ?? '?'} MB · Timeout: ${fn.timeoutSeconds ?? '?'} s · Code size: ${formatBytes(fn.codeSize)}`,
      fn.lastModified ? `Last modified: ${fn.lastModified}` : undefined,
    ].filter((line): line is string => Boolean(line));
  }
}
