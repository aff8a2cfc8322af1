import type { Decider } from '../../../domain/src/decider.js';
import { AlreadyExistsError, InvalidInputError } from '../../../domain/src/domain-errors.js';
import type { PolicyRuleInput, PolicyVersion } from '../policy-model/policy-version.js';
import { validatePublication } from '../validating-rules/validate-publication.js';

/** The one stream holding every policy version. */
export const POLICY_STREAM_ID = 'policy';

/**
 * Publish a policy version (发布政策版本). `publishedAt` is the instant the handler records it
 * (passed in: the domain reads no clock); the other fields are the client's `PublishPolicyInput`.
 */
export interface PublishPolicy {
  readonly type: 'PublishPolicy';
  readonly data: {
    readonly version: string;
    readonly effectiveFrom: string;
    readonly publishedAt: string;
    readonly rules: readonly PolicyRuleInput[];
  };
}

/** A complete policy version was published; `data` is the version as it will be served. */
export interface PolicyVersionPublished {
  readonly type: 'PolicyVersionPublished';
  readonly data: PolicyVersion;
}

export type PolicyCommand = PublishPolicy;
export type PolicyEvent = PolicyVersionPublished;

/** The policy stream's state: the version strings already used. */
export interface PolicyState {
  readonly versions: ReadonlySet<string>;
}

/**
 * A publication refused for its content; `issues` lists every problem (rule index and field),
 * the message joins them. Served as `BAD_USER_INPUT`.
 */
export class InvalidPolicyError extends InvalidInputError {
  constructor(readonly issues: readonly string[]) {
    super(`invalid policy publication: ${issues.join('; ')}`);
  }
}

/**
 * The policy aggregate. The publication is validated first (any invalid rule or an incomplete set:
 * `InvalidPolicyError`, BAD_USER_INPUT), then the version string must be unused
 * (`AlreadyExistsError`, CONFLICT). The event holds each rule's params object exactly as given,
 * `universityId` as null when absent, and `publishedAt` in UTC with milliseconds.
 */
export const policyDecider: Decider<PolicyCommand, PolicyEvent, PolicyState> = {
  initialState: () => ({ versions: new Set() }),

  decide(command, state) {
    const validation = validatePublication(command.data);
    if (!validation.ok) throw new InvalidPolicyError(validation.issues);
    const published = validation.value;
    if (state.versions.has(published.version)) {
      throw new AlreadyExistsError(`policy version ${JSON.stringify(published.version)} is already published`);
    }
    return [{ type: 'PolicyVersionPublished', data: published }];
  },

  evolve(state, event) {
    return { versions: new Set([...state.versions, event.data.version]) };
  },
};
