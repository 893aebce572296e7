/**
 * What Release… reads before it plans, and the executor's dependencies wired to the real deploy
 * path, gateway and alias operations. Shared by the command (src/commands/deploy/release.ts) and
 * the integration tests, so both run the same composition. No `vscode`.
 */
import type { CodeSource, LambdaGateway } from '../aws/lambdaGateway';
import type { AliasSummary, FunctionSummary, VersionSummary } from '../aws/types';
import type { AliasOperations } from './aliasOperations';
import { allOrAbort } from './abortScope';
import { deploy, ImageFunctionError, type BuiltPackage } from './deploy';
import type { ReleaseReads } from './releasePlan';
import type { ReleaseHooks, ReleaseRunDeps } from './releaseRun';

export type ReleaseGateway = Pick<LambdaGateway, 'getFunction' | 'listVersions' | 'getAlias' | 'waitUntilUpdated' | 'updateFunctionCode' | 'publishVersion' | 'latestPublishedVersion'>;

export interface ReleaseSnapshot {
  pkg: BuiltPackage;
  latest: FunctionSummary;
  versions: VersionSummary[];
  alias: AliasSummary;
}

/**
 * Package and reads in parallel: nothing here changes AWS. The first that fails (a missing
 * function, an image function, credentials) aborts the others and is reported once they stopped.
 */
export async function readForRelease(
  gateway: Pick<ReleaseGateway, 'getFunction' | 'listVersions' | 'getAlias'>,
  functionName: string,
  aliasName: string,
  buildPackage: (signal?: AbortSignal) => Promise<BuiltPackage>,
  signal?: AbortSignal,
): Promise<ReleaseSnapshot> {
  const [pkg, latest, versions, alias] = await allOrAbort(signal, [
    (s) => buildPackage(s),
    // A container-image function takes no zip: refused here, before any plan or prompt.
    (s) =>
      gateway.getFunction(functionName, { signal: s }).then((fn) => {
        if (fn.packageType === 'Image') throw new ImageFunctionError(functionName);
        return fn;
      }),
    (s) => gateway.listVersions(functionName, { signal: s }),
    (s) => gateway.getAlias(functionName, aliasName, { signal: s }),
  ] as const);
  return { pkg, latest, versions, alias };
}

export function toReads(functionName: string, snapshot: ReleaseSnapshot, protectedAlias: boolean): ReleaseReads {
  return {
    functionName,
    alias: snapshot.alias,
    packageSha256: snapshot.pkg.sha256,
    fileCount: snapshot.pkg.fileCount,
    latestCodeSha256: snapshot.latest.codeSha256,
    versions: snapshot.versions,
    protectedAlias,
  };
}

export interface SessionWiring {
  functionName: string;
  aliasName: string;
  gateway: ReleaseGateway;
  /** The package the plan was made from: deployed as is, never rebuilt. */
  pkg: BuiltPackage;
  codeSourceFor(pkg: BuiltPackage, signal?: AbortSignal): Promise<CodeSource>;
  aliases: Pick<AliasOperations, 'repoint' | 'shiftTraffic' | 'promote' | 'abortCanary'>;
  hooks?: ReleaseHooks;
  onStep?: ReleaseRunDeps['onStep'];
  onChanged?: () => void;
}

export function releaseRunDeps(wiring: SessionWiring): ReleaseRunDeps {
  const { gateway, functionName } = wiring;
  return {
    functionName,
    aliasName: wiring.aliasName,
    deploy: (options, signal) =>
      deploy(
        { functionName, publish: options.publish, description: async () => options.description, signal },
        { gateway, buildPackage: async () => wiring.pkg, codeSourceFor: wiring.codeSourceFor },
      ),
    publish: (guard, signal) => gateway.publishVersion(functionName, guard, { signal }),
    aliases: wiring.aliases,
    hooks: wiring.hooks,
    onStep: wiring.onStep,
    onChanged: wiring.onChanged,
  };
}
