import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { activeVersion } from '../../../../libs/policy/src/choosing-version/version-for.js';
import type { PolicyVersion } from '../../../../libs/policy/src/policy-model/policy-version.js';
import { PolicyCatalog } from './policy-catalog.js';

/** The version in force today (any valid token may ask). */
export class ActivePolicyQuery {
  constructor(readonly caller: Caller) {}
}

/** Every published version, in publication order. */
export class PoliciesQuery {
  constructor(readonly caller: Caller) {}
}

@QueryHandler(ActivePolicyQuery)
export class ActivePolicyQueryHandler implements IQueryHandler<ActivePolicyQuery, PolicyVersion> {
  constructor(private readonly catalog: PolicyCatalog) {}

  async execute(): Promise<PolicyVersion> {
    const active = activeVersion(await this.catalog.versions(), shanghaiToday());
    // The baseline is recorded on the first start, before the service answers anything.
    if (!active) throw new Error('no policy version is published');
    return active;
  }
}

@QueryHandler(PoliciesQuery)
export class PoliciesQueryHandler implements IQueryHandler<PoliciesQuery, PolicyVersion[]> {
  constructor(private readonly catalog: PolicyCatalog) {}

  execute(): Promise<PolicyVersion[]> {
    return this.catalog.versions();
  }
}
