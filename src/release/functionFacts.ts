/**
 * The facts of one function that are not in its version listing — reserved and provisioned
 * concurrency, function URLs ($LATEST and each alias), runtime update mode, code signing — read in
 * parallel through a narrow reader (VersionFactsGateway), each as a Fact so one failure never hides
 * the others. The tree loads them after its rows are shown; tooltips render them (factsText.ts).
 */
import type { CallOptions } from '../aws/types';
import { known, type Fact, type FunctionUrl, type ProvisionedConcurrency, type RuntimeManagement } from './versionFacts';

export interface FunctionFactsReader {
  reservedConcurrency(functionName: string, options?: CallOptions): Promise<Fact<number | null>>;
  listProvisionedConcurrency(functionName: string, options?: CallOptions): Promise<Fact<ProvisionedConcurrency[]>>;
  functionUrl(functionName: string, qualifier?: string, options?: CallOptions): Promise<Fact<FunctionUrl | null>>;
  runtimeManagement(functionName: string, qualifier?: string, options?: CallOptions): Promise<Fact<RuntimeManagement>>;
  codeSigning(functionName: string, options?: CallOptions): Promise<Fact<string | null>>;
}

export interface FunctionFacts {
  reserved: Fact<number | null>;
  provisioned: Fact<ProvisionedConcurrency[]>;
  /** Function URL by alias name; `''` is the function itself ($LATEST). */
  urls: Map<string, Fact<FunctionUrl | null>>;
  runtime: Fact<RuntimeManagement>;
  codeSigning: Fact<string | null>;
}

export async function loadFunctionFacts(reader: FunctionFactsReader, functionName: string, aliasNames: readonly string[], options: CallOptions = {}): Promise<FunctionFacts> {
  const qualifiers = ['', ...aliasNames];
  const [reserved, provisioned, runtime, codeSigning, ...urls] = await Promise.all([
    reader.reservedConcurrency(functionName, options),
    reader.listProvisionedConcurrency(functionName, options),
    reader.runtimeManagement(functionName, undefined, options),
    reader.codeSigning(functionName, options),
    ...qualifiers.map((q) => reader.functionUrl(functionName, q || undefined, options)),
  ]);
  return { reserved, provisioned, runtime, codeSigning, urls: new Map(qualifiers.map((q, i) => [q, urls[i]])) };
}

/** The provisioned concurrency of one alias or version from the function's listing (null = none). */
export function provisionedOf(facts: Pick<FunctionFacts, 'provisioned'>, qualifier: string): Fact<ProvisionedConcurrency | null> {
  if (!facts.provisioned.known) return facts.provisioned;
  return known(facts.provisioned.value.find((pc) => pc.qualifier === qualifier) ?? null);
}
