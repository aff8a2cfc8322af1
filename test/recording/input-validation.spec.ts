import 'reflect-metadata';
import { IsInt, IsString, Max, MaxLength } from 'class-validator';
import { RecordMeetingInput } from '../../apps/api/src/branch-records/branch-inputs.js';
import { ApiError } from '../../apps/api/src/graphql/api-error.js';
import { validInput } from '../../apps/api/src/recording/input-validation.js';

const meeting = {
  commandId: 'c-1',
  branchId: 'b-1',
  kinds: ['THEMED_PARTY_DAY', 'STUDY'],
  heldOn: '2021-03-04',
  place: '党员之家',
  expected: 24,
  present: 22,
  absentees: [{ reason: '出差' }, { reason: '病假' }],
  topic: '学习贯彻党的十九届五中全会精神',
  resolutions: ['落实“三会一课”制度'],
};

function refusal(shape: new () => object, input: unknown): ApiError {
  try {
    validInput(shape, input);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the input was accepted');
}

/** The rule lookups class-validator makes are remembered (input-validation.ts): the rules must stay exactly the same. */
describe('validInput with remembered rule lookups', () => {
  it('accepts a valid input and refuses the same faults on every call, nested ones included', () => {
    for (let call = 0; call < 3; call += 1) {
      expect(validInput(RecordMeetingInput, meeting)).toBeInstanceOf(RecordMeetingInput);
      const error = refusal(RecordMeetingInput, { ...meeting, present: 30, absentees: [{ reason: '' }], kinds: [] });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.details.fields).toEqual(expect.arrayContaining(['present', 'absentees.0.reason', 'kinds']));
      // The rules of the base class (branchId) apply to the subclass as before.
      expect(new Set(refusal(RecordMeetingInput, { ...meeting, branchId: '' }).details.fields as string[])).toEqual(new Set(['branchId']));
    }
  });

  it('applies rules registered after the first validation: a class loaded later, and a rule added to a class already validated', () => {
    class LateInput {
      @IsInt() @Max(3) count!: number;
    }
    expect(refusal(LateInput, { count: 4 }).details.fields).toEqual(['count']);
    expect(validInput(LateInput, { count: 3 })).toBeInstanceOf(LateInput);

    // A subclass of it, declared after LateInput was validated: LateInput's own lookup must not hide the new rules.
    class LaterInput extends LateInput {
      @IsString() @MaxLength(2) name!: string;
    }
    expect(refusal(LaterInput, { count: 4, name: 'abc' }).details.fields).toEqual(expect.arrayContaining(['count', 'name']));
    // A rule added to LateInput itself after it was validated (as a decorator applied later would).
    MaxLength(1)(LateInput.prototype, 'label');
    IsString()(LateInput.prototype, 'label');
    expect(refusal(LateInput, { count: 1, label: 'ab' }).details.fields).toEqual(['label']);
  });
});
