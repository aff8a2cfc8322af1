import { readFileSync } from 'node:fs';
import { buildSchema, GraphQLEnumType } from 'graphql';
import {
  BRANCH_KIND_LABELS,
  BRANCH_STATUS_LABELS,
  CATEGORY_LABELS,
  LEDGER_STATUS_LABELS,
  MEETING_KIND_LABELS,
  OFFICER_ROLE_LABELS,
  STEP_LABELS,
  TITLE_LABELS,
} from './record-labels.js';

const contract = buildSchema(readFileSync(new URL('../../../contract/schema.graphql', import.meta.url), 'utf8'));

function valuesOf(enumName: string): string[] {
  const type = contract.getType(enumName);
  if (!(type instanceof GraphQLEnumType)) throw new Error(`${enumName} is not an enum of the contract`);
  return type.getValues().map((value) => value.name).sort();
}

describe('the one vocabulary of the records', () => {
  it.each([
    ['LedgerStatus', LEDGER_STATUS_LABELS],
    ['WeaknessCategory', CATEGORY_LABELS],
    ['RectificationStepKind', STEP_LABELS],
    ['OfficerRole', OFFICER_ROLE_LABELS],
    ['MeetingKind', MEETING_KIND_LABELS],
    ['BranchKind', BRANCH_KIND_LABELS],
    ['BranchStatus', BRANCH_STATUS_LABELS],
    ['ProfessionalTitle', TITLE_LABELS],
  ])('names every value of the contract enum %s, and nothing else', (enumName, labels) => {
    expect(Object.keys(labels).sort()).toEqual(valuesOf(enumName));
    for (const label of Object.values(labels)) expect(label).toMatch(/\p{Script=Han}/u);
  });

  it("speaks DOMAIN.md's words: a case is closed as 销账, reopened as 回头看", () => {
    expect(LEDGER_STATUS_LABELS.CLOSED).toBe('已销账');
    expect(LEDGER_STATUS_LABELS.REOPENED).toBe('回头看');
    expect(STEP_LABELS.SECRETARY_REPLACED).toContain('选优配强');
    expect(STEP_LABELS.RULES_ESTABLISHED).toBe('健全内部管理制度');
  });
});
