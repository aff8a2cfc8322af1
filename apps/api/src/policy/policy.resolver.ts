import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsDefined, IsIn, IsString, Length, ValidateNested } from 'class-validator';
import { POLICY_LAYERS } from '../../../../libs/policy/src/policy-model/vocabulary.js';
import { activeVersion } from '../../../../libs/policy/src/choosing-version/version-for.js';
import { policyDecider, POLICY_STREAM_ID, type PolicyState } from '../../../../libs/policy/src/publishing-policy/policy-decider.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { assertMunicipalAdmin } from '../authorization/authorization.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { CommandRecorder } from '../recording/command-recorder.js';
import { IsDay, IsOptionalId, LIMITS } from '../recording/input-bounds.js';
import { MaxJsonDepth, validInput } from '../recording/input-validation.js';
import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import { PolicyCatalog } from './policy-catalog.js';

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
    private readonly recorder: CommandRecorder,
    private readonly catalog: PolicyCatalog,
  ) {}

  @Query()
  async activePolicy(@CurrentCaller() _caller: Caller) {
    const active = activeVersion(await this.catalog.versions(), shanghaiToday());
    if (!active) throw new Error('no policy version is published');
    return active;
  }

  @Query()
  async policies(@CurrentCaller() _caller: Caller) {
    return this.catalog.versions();
  }

  @Mutation()
  async publishPolicy(@CurrentCaller() caller: Caller, @Args('input') input: unknown) {
    const { commandId, version, effectiveFrom, rules } = validInput(PublishPolicyInput, input);
    const result = await this.recorder.record({
      caller,
      commandId,
      input,
      createdId: version,
      streamId: POLICY_STREAM_ID,
      decider: policyDecider,
      command: {
        type: 'PublishPolicy',
        data: {
          version,
          effectiveFrom,
          publishedAt: new Date().toISOString(),
          // params exactly as sent: the validated copy has lost any `__proto__` or `constructor` key
          rules: rules.map(({ code, layer, universityId }, index) => ({
            code, layer, universityId: universityId ?? null, params: (input as { rules: { params: unknown }[] }).rules[index]!.params,
          })),
        },
      },
      universityId: (_state: PolicyState) => null,
      authorize: () => assertMunicipalAdmin(caller, 'publish policy versions'),
    });
    this.catalog.invalidate();
    return result;
  }
}
