import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsDefined, IsIn, IsString, Length, ValidateNested } from 'class-validator';
import { POLICY_LAYERS } from '../../../../libs/policy/src/policy-model/vocabulary.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ActivePolicyQuery, PoliciesQuery } from './policy-queries.js';
import type { CommandResult } from '../recording/command-recorder.js';
import { PublishPolicy } from './publishing-policy.js';
import { IsDay, IsOptionalId, LIMITS } from '../recording/input-bounds.js';
import { MaxJsonDepth, validInput } from '../recording/input-validation.js';

class PolicyRuleInput {
  @IsString() @Length(1, 64) code!: string;
  @IsIn(POLICY_LAYERS) layer!: 'B' | 'T' | 'X';
  @IsOptionalId() universityId?: string | null;
  @IsDefined() @MaxJsonDepth(4) params!: unknown;
}

class PublishPolicyInput {
  @IsOptionalId() commandId?: string | null;
  @IsString() @Length(1, 64) version!: string;
  @IsDay() effectiveFrom!: string;
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(LIMITS.listItems * 10) @ValidateNested({ each: true }) @Type(() => PolicyRuleInput)
  rules!: PolicyRuleInput[];
}

/** Policy versions (B + T + X): published by the Municipal Committee, read by everyone. */
@Resolver()
export class PolicyResolver {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Query()
  activePolicy(@CurrentCaller() caller: Caller) {
    return this.queryBus.execute(new ActivePolicyQuery(caller));
  }

  @Query()
  policies(@CurrentCaller() caller: Caller) {
    return this.queryBus.execute(new PoliciesQuery(caller));
  }

  @Mutation()
  publishPolicy(@CurrentCaller() caller: Caller, @Args('input') input: unknown): Promise<CommandResult> {
    const { commandId, version, effectiveFrom, rules } = validInput(PublishPolicyInput, input);
    // params exactly as sent: the validated copy has lost any `__proto__` or `constructor` key
    const sentParams = (input as { rules: { params: unknown }[] }).rules.map((rule) => rule.params);
    return this.commandBus.execute(
      new PublishPolicy(caller, {
        version,
        effectiveFrom,
        rules: rules.map(({ code, layer, universityId }, index) => ({ code, layer, universityId: universityId ?? null, params: sentParams[index] })),
      }, { commandId, input }),
    );
  }
}
