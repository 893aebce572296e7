/**
 * A stand-in at the Lambda client seam for the APIs moto answers with a 404 web page:
 * provisioned concurrency, GetAccountSettings, runtime management. It answers them the way
 * Lambda does (shapes, error names) from memory, lets tests patch fields moto never returns in
 * GetFunctionConfiguration (RuntimeVersionConfig, SnapStart optimization, DeadLetterConfig,
 * State), and forwards every other command to the real client pointed at moto.
 * Tests that use it say so in their names.
 */
import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';

interface StoredProvisioned {
  requested: number;
  /** Status the next read reports; a Put starts IN_PROGRESS and becomes `settlesAs` on the read after. */
  status: 'IN_PROGRESS' | 'READY' | 'FAILED';
  settlesAs: 'READY' | 'FAILED';
  reads: number;
}

type Command = { input: Record<string, unknown>; constructor: { name: string } };

export class LambdaStandIn {
  readonly provisioned = new Map<string, StoredProvisioned>();
  readonly runtime = new Map<string, { UpdateRuntimeOn: string; RuntimeVersionArn?: string }>();
  /** Fields merged into GetFunctionConfiguration / ListVersionsByFunction rows, by `function:version`. */
  readonly patches = new Map<string, Partial<FunctionConfiguration>>();
  accountSettings = { AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 900, TotalCodeSize: 80530636800 }, AccountUsage: { TotalCodeSize: 12_000_000, FunctionCount: 5 } };
  /** Every command name seen, in order (stand-in answers and forwarded ones alike). */
  readonly calls: string[] = [];
  /** A Put whose provisioning should fail, e.g. `fn:prod`. */
  failing = new Set<string>();

  constructor(private readonly real: Pick<LambdaClient, 'send'>) {}

  /** READY provisioned concurrency on `function:qualifier`, as if configured earlier. */
  seedProvisioned(functionName: string, qualifier: string, requested: number, status: StoredProvisioned['status'] = 'READY'): void {
    this.provisioned.set(`${functionName}:${qualifier}`, { requested, status, settlesAs: status === 'FAILED' ? 'FAILED' : 'READY', reads: 0 });
  }

  readonly send = (async (command: Command, options?: unknown): Promise<unknown> => {
    const name = command.constructor.name.replace(/Command$/, '');
    this.calls.push(name);
    const input = command.input;
    const key = `${String(input.FunctionName)}:${String(input.Qualifier ?? '')}`;
    switch (name) {
      case 'GetAccountSettings':
        return structuredClone(this.accountSettings);
      case 'GetProvisionedConcurrencyConfig': {
        const pc = this.provisioned.get(key);
        if (!pc) throw lambdaError('ProvisionedConcurrencyConfigNotFoundException', 'No Provisioned Concurrency Config found for this function', 404);
        const answer = this.provisionedShape(pc);
        if (pc.status === 'IN_PROGRESS' && ++pc.reads >= 1) pc.status = pc.settlesAs;
        return answer;
      }
      case 'ListProvisionedConcurrencyConfigs': {
        const prefix = `${String(input.FunctionName)}:`;
        return {
          ProvisionedConcurrencyConfigs: [...this.provisioned].filter(([k]) => k.startsWith(prefix)).map(([k, pc]) => ({
            FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${k}`,
            ...this.provisionedShape(pc),
          })),
        };
      }
      case 'PutProvisionedConcurrencyConfig': {
        if (!input.Qualifier || input.Qualifier === '$LATEST') throw lambdaError('InvalidParameterValueException', 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.', 400);
        const pc: StoredProvisioned = { requested: Number(input.ProvisionedConcurrentExecutions), status: 'IN_PROGRESS', settlesAs: this.failing.has(key) ? 'FAILED' : 'READY', reads: 0 };
        this.provisioned.set(key, pc);
        return this.provisionedShape(pc);
      }
      case 'DeleteProvisionedConcurrencyConfig':
        this.provisioned.delete(key);
        return {};
      case 'GetRuntimeManagementConfig':
        return { FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${String(input.FunctionName)}`, UpdateRuntimeOn: 'Auto', ...this.runtime.get(String(input.FunctionName)) };
      case 'PutRuntimeManagementConfig': {
        const value = { UpdateRuntimeOn: String(input.UpdateRuntimeOn), RuntimeVersionArn: input.RuntimeVersionArn as string | undefined };
        this.runtime.set(String(input.FunctionName), value);
        return { FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${String(input.FunctionName)}`, ...value };
      }
      case 'GetFunctionConfiguration': {
        const result = (await this.real.send(command as never, options as never)) as FunctionConfiguration;
        return { ...result, ...this.patches.get(`${String(input.FunctionName)}:${result.Version ?? '$LATEST'}`) };
      }
      case 'ListVersionsByFunction': {
        const result = (await this.real.send(command as never, options as never)) as { Versions?: FunctionConfiguration[] };
        return { ...result, Versions: result.Versions?.map((v) => ({ ...v, ...this.patches.get(`${String(input.FunctionName)}:${v.Version ?? '$LATEST'}`) })) };
      }
      default:
        return this.real.send(command as never, options as never);
    }
  }) as unknown as LambdaClient['send'];

  private provisionedShape(pc: StoredProvisioned) {
    const allocated = pc.status === 'READY' ? pc.requested : 0;
    return {
      RequestedProvisionedConcurrentExecutions: pc.requested,
      AllocatedProvisionedConcurrentExecutions: allocated,
      AvailableProvisionedConcurrentExecutions: allocated,
      Status: pc.status,
      StatusReason: pc.status === 'FAILED' ? 'FUNCTION_ERROR_INIT_FAILURE: the init code threw' : undefined,
    };
  }
}

function lambdaError(name: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status }, $fault: 'client' });
}
