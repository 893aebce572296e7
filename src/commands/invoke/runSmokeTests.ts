import * as vscode from 'vscode';
import { ReleaseError } from '../../release/errors';
import { describeSmokePass } from '../../release/smokeGate';
import { AliasNode } from '../../tree/nodes/AliasNode';
import type { TreeNode } from '../../tree/nodes/TreeNode';
import { withCancellableProgress } from '../../ui/progress';
import { invokeTargetOf, type InvokeDeps } from './invokeContext';
import { reportSmokeFailure, runSmokeStep, smokeEventsFor } from './smokeStep';
import { isVersionNumber } from '../../release/invocation';

/**
 * "Run Smoke Tests" on a version, or on an alias (the version(s) it routes to, each BY NUMBER:
 * never through the alias): the same check a release runs before moving an alias.
 */
export function runSmokeTestsCommand(deps: InvokeDeps) {
  return async (node?: TreeNode) => {
    const versions = node instanceof AliasNode ? [node.alias.functionVersion, ...node.alias.routing.map((r) => r.version)] : undefined;
    const target = versions ? { ref: (node as AliasNode).ref, qualifier: versions[0] } : await invokeTargetOf(deps, node, 'Smoke-test');
    const ref = target.ref;
    const toTest = (versions ?? [target.qualifier]).filter(isVersionNumber);
    if (!toTest.length) throw new ReleaseError('validation', `Smoke tests run against a published version: ${target.qualifier} is not one. Pick a version or an alias.`);
    const events = await smokeEventsFor(ref);
    if (!events.length) {
      throw new ReleaseError('validation', `No smoke events for ${ref.functionName}: add .lambda/events/${ref.functionName}/smoke-<name>.json (New Test Event…) or set lambdaRelease.target.smokeEvents.`);
    }
    const runs = await withCancellableProgress(`Smoke-testing ${ref.functionName}`, async (progress, signal) => {
      const done = [];
      for (const version of toTest) {
        const run = await runSmokeStep(deps, ref, version, events, (message) => progress.message(message), signal);
        done.push(run);
        if (!run.passed) break;
      }
      return done;
    });
    const failed = runs.find((r) => !r.passed);
    if (failed) {
      await reportSmokeFailure(deps, ref, { ...failed });
      return;
    }
    void vscode.window.showInformationMessage(runs.map((r) => describeSmokePass(ref.functionName, r)).join(' '));
  };
}
