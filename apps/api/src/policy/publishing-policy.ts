import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { policyDecider, POLICY_STREAM_ID, type PolicyCommand } from '../../../../libs/policy/src/publishing-policy/policy-decider.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { assertMunicipalAdmin } from '../authorization/authorization.js';
import { CommandRecorder, type CommandResult } from '../recording/command-recorder.js';
import { PolicyCatalog } from './policy-catalog.js';

/** A complete policy version (B + T + X rules) published by the Municipal Committee. */
export class PublishPolicy {
  constructor(
    readonly caller: Caller,
    readonly version: Omit<PolicyCommand['data'], 'publishedAt'>,
    readonly envelope: { commandId?: string | null; input: unknown },
  ) {}
}

@CommandHandler(PublishPolicy)
export class PublishPolicyHandler implements ICommandHandler<PublishPolicy, CommandResult> {
  constructor(
    private readonly recorder: CommandRecorder,
    private readonly catalog: PolicyCatalog,
  ) {}

  async execute({ caller, version, envelope }: PublishPolicy): Promise<CommandResult> {
    const result = await this.recorder.record({
      caller,
      commandId: envelope.commandId,
      input: envelope.input,
      createdId: version.version,
      streamId: POLICY_STREAM_ID,
      decider: policyDecider,
      command: { type: 'PublishPolicy', data: { ...version, publishedAt: new Date().toISOString() } },
      universityId: () => null,
      authorize: () => assertMunicipalAdmin(caller, 'publish policy versions'),
    });
    this.catalog.invalidate();
    return result;
  }
}
