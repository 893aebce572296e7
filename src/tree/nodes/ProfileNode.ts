import * as vscode from 'vscode';
import { accountLines } from '../factsText';
import type { ProfileInfo } from '../../aws/types';
import { ContextValues } from '../contextValues';
import { loadFunctionNodes } from './functionListing';
import { MessageNode } from './MessageNode';
import { RegionNode } from './RegionNode';
import type { TreeContext } from './TreeContext';
import type { TreeNode } from './TreeNode';

/** One AWS profile. Shows regions when it has several, else its functions directly. */
export class ProfileNode implements TreeNode {
  readonly id: string;

  constructor(
    private readonly context: TreeContext,
    readonly profile: ProfileInfo,
    readonly label: string,
  ) {
    this.id = `profile:${profile.name}`;
  }

  get regions(): string[] {
    return this.context.services.regionsFor(this.profile);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const regions = this.regions;
    item.contextValue = this.profile.problem ? ContextValues.profileError : ContextValues.profile;
    item.iconPath = new vscode.ThemeIcon(this.profile.problem ? 'warning' : this.profile.kind === 'environment' ? 'symbol-variable' : 'account');
    item.description = this.profile.problem ? this.profile.problem : regions.length === 1 ? regions[0] : `${regions.length} regions`;
    // The tooltip is filled on hover (resolveTreeItem): with one region it shows the account limits.
    return item;
  }

  async resolveTreeItem(item: vscode.TreeItem): Promise<vscode.TreeItem> {
    const regions = this.regions;
    const lines = [`**Profile** ${this.label}`, `Regions: ${regions.join(', ')}`];
    if (this.profile.endpointUrl) lines.push(`Endpoint: ${this.profile.endpointUrl}`);
    if (this.profile.usesSso) lines.push('Signs in with IAM Identity Center (SSO)');
    if (this.profile.problem) lines.push(`⚠ ${this.profile.problem}`);
    else if (regions.length === 1) lines.push(...accountLines(await this.context.services.aws().versionFacts({ profile: this.profile.name, region: regions[0] }).accountSettings()));
    item.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    if (this.profile.problem) {
      return [
        new MessageNode(`${this.id}/problem`, this.profile.problem, {
          error: true,
          parent: this,
          hint: 'Fix the profile in your AWS config, then refresh.',
          command: { command: 'lambdaRelease.openAwsConfig', title: 'Open AWS config' },
        }),
      ];
    }
    const regions = this.regions;
    if (regions.length > 1) return regions.map((region) => new RegionNode(this.context, this.profile, region, this));
    return loadFunctionNodes(this.context, this.profile, regions[0], this);
  }
}
