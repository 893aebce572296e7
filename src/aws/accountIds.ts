import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { toReleaseError } from './errors';
import type { Target } from './types';

/**
 * The account id behind each profile (STS GetCallerIdentity), asked once per profile and cached:
 * the expected owner of the deployment bucket, and what the binding confirmation names. A failed
 * lookup is not cached, so the next call (after `aws sso login`) asks again.
 */
export class AccountIds {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(private readonly sts: (target: Target) => Pick<STSClient, 'send'>) {}

  of(target: Target): Promise<string> {
    let account = this.cache.get(target.profile);
    if (!account) {
      account = this.lookUp(target);
      this.cache.set(target.profile, account);
      account.catch(() => this.cache.delete(target.profile));
    }
    return account;
  }

  forget(profile?: string): void {
    if (profile === undefined) this.cache.clear();
    else this.cache.delete(profile);
  }

  private async lookUp(target: Target): Promise<string> {
    try {
      const identity = await this.sts(target).send(new GetCallerIdentityCommand({}));
      if (!identity.Account) throw new Error('GetCallerIdentity returned no account id');
      return identity.Account;
    } catch (error) {
      throw toReleaseError(error, { action: 'read the account id (sts:GetCallerIdentity)', profile: target.profile, region: target.region });
    }
  }
}
