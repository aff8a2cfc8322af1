import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  BRANCH_KINDS,
  FIVE_HAVES,
  MEETING_KINDS,
  PERSONNEL_MATTERS,
  PROFESSIONAL_TITLES,
  RECTIFICATION_STEP_KINDS,
  REVIEW_GRADES,
  SCREENING_OUTCOMES,
  WEAKNESS_CATEGORIES,
  type BranchKind,
  type FiveHaves,
  type MeetingKind,
  type PersonnelMatter,
  type ProfessionalTitle,
  type RectificationStepKind,
  type ReviewGrade,
  type ScreeningOutcome,
  type WeaknessCategory,
} from '../../../../libs/domain/src/vocabulary.js';
import {
  IsCount,
  IsDay,
  IsId,
  IsOptionalDay,
  IsOptionalId,
  IsOptionalText,
  IsOptionalVersion,
  IsText,
  IsYear,
  LIMITS,
} from '../recording/input-bounds.js';
import { NotMoreThan } from '../recording/input-validation.js';

/** Every input that targets an existing branch stream. */
class BranchCommandInput {
  @IsOptionalId() commandId?: string | null;
  @IsOptionalVersion() expectedVersion?: number | null;
  @IsId() branchId!: string;
}

const IdList = () => (target: object, property: string) => {
  IsOptional()(target, property);
  IsArray()(target, property);
  ArrayMaxSize(LIMITS.listItems)(target, property);
  ArrayUnique()(target, property);
  IsString({ each: true })(target, property);
  Length(1, LIMITS.id, { each: true })(target, property);
};

const TextList = (max: number, required: boolean) => (target: object, property: string) => {
  if (!required) IsOptional()(target, property);
  IsArray()(target, property);
  if (required) ArrayNotEmpty()(target, property);
  ArrayMaxSize(LIMITS.listItems)(target, property);
  IsString({ each: true })(target, property);
  Length(1, max, { each: true })(target, property);
};

export class EstablishBranchInput {
  @IsOptionalId() commandId?: string | null;
  @IsOptionalId() branchId?: string | null;
  @IsId() universityId!: string;
  @IsId() unitId!: string;
  @IsText(LIMITS.name) name!: string;
  @IsIn(BRANCH_KINDS) kind!: BranchKind;
  @IsDay() establishedOn!: string;
  @IsCount() memberCount!: number;
}

export class RenameBranchInput extends BranchCommandInput {
  @IsText(LIMITS.name) name!: string;
}

export class MoveBranchInput extends BranchCommandInput {
  @IsId() unitId!: string;
  @IsDay() on!: string;
}

export class DissolveBranchInput extends BranchCommandInput {
  @IsDay() on!: string;
  @IsText(LIMITS.reason) reason!: string;
  @IsOptionalId() mergedInto?: string | null;
}

export class ReportMemberCountInput extends BranchCommandInput {
  @IsDay() on!: string;
  @IsCount() count!: number;
}

export class SecretaryInput {
  @IsId() personId!: string;
  @IsIn(PROFESSIONAL_TITLES) title!: ProfessionalTitle;
  @IsBoolean() academicBackbone!: boolean;
}

export class HoldElectionInput extends BranchCommandInput {
  @IsDay() heldOn!: string;
  @IsOptional() @IsInt() termYears?: number | null;
  @ValidateNested() @Type(() => SecretaryInput) secretary!: SecretaryInput;
  @IdList() deputySecretaryIds?: string[] | null;
  @IdList() committeeMemberIds?: string[] | null;
  @IsOptionalDay() approvedOn?: string | null;
}

export class ReplaceSecretaryInput extends BranchCommandInput {
  @IsDay() on!: string;
  @ValidateNested() @Type(() => SecretaryInput) secretary!: SecretaryInput;
  @IsText(LIMITS.reason) reason!: string;
}

export class ChangeCommitteeInput extends BranchCommandInput {
  @IsDay() on!: string;
  @IdList() addIds?: string[] | null;
  @IdList() removeIds?: string[] | null;
  @IsText(LIMITS.reason) reason!: string;
}

export class AbsenteeInput {
  @IsOptionalId() personId?: string | null;
  @IsText(LIMITS.reason) reason!: string;
}

export class RecordMeetingInput extends BranchCommandInput {
  @IsOptionalId() meetingId?: string | null;
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(MEETING_KINDS, { each: true }) kinds!: MeetingKind[];
  @IsDay() heldOn!: string;
  @IsOptionalText(LIMITS.name) place?: string | null;
  @IsCount() expected!: number;
  @IsCount() @NotMoreThan('expected') present!: number;
  @IsOptional() @IsArray() @ArrayMaxSize(LIMITS.attendees) @ValidateNested({ each: true }) @Type(() => AbsenteeInput)
  absentees?: AbsenteeInput[] | null;
  @IsOptionalId() hostPersonId?: string | null;
  @IsOptionalId() recorderPersonId?: string | null;
  @IsText(LIMITS.topic) topic!: string;
  @TextList(LIMITS.reason, false) resolutions?: string[] | null;
}

export class CorrectMeetingInput extends BranchCommandInput {
  @IsId() meetingId!: string;
  @IsText(LIMITS.reason) reason!: string;
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(MEETING_KINDS, { each: true }) kinds?: MeetingKind[] | null;
  @IsOptionalDay() heldOn?: string | null;
  @IsOptional() @IsCount() expected?: number | null;
  @IsOptional() @IsCount() @NotMoreThan('expected') present?: number | null;
  @IsOptional() @IsText(LIMITS.topic) topic?: string | null;
}

export class RetractMeetingInput extends BranchCommandInput {
  @IsId() meetingId!: string;
  @IsText(LIMITS.reason) reason!: string;
}

export class PlanMonthInput {
  @IsInt() @Min(1) @Max(12) month!: number;
  @IsText(LIMITS.topic) study!: string;
  @IsText(LIMITS.topic) activity!: string;
}

export class AdoptAnnualPlanInput extends BranchCommandInput {
  @IsYear() year!: number;
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(12) @ArrayUnique((month: PlanMonthInput) => month.month, { message: 'months must not repeat a month' })
  @ValidateNested({ each: true }) @Type(() => PlanMonthInput)
  months!: PlanMonthInput[];
}

export class RateBranchInput extends BranchCommandInput {
  @IsYear() year!: number;
  @IsInt() @Min(1) @Max(5) stars!: number;
}

export class FindingInput {
  @IsId() findingId!: string;
  @IsIn(FIVE_HAVES) area!: FiveHaves;
  @IsText(LIMITS.reason) description!: string;
}

export class RecordHealthCheckInput extends BranchCommandInput {
  @IsYear() year!: number;
  @IsDay() on!: string;
  @IsArray() @ArrayMaxSize(LIMITS.listItems) @ArrayUnique((finding: FindingInput) => finding.findingId, { message: 'findingIds must be unique' })
  @ValidateNested({ each: true }) @Type(() => FindingInput)
  findings!: FindingInput[];
}

export class ResolveFindingInput extends BranchCommandInput {
  @IsId() findingId!: string;
  @IsDay() on!: string;
  @IsText(LIMITS.note) note!: string;
}

export class ReviewSecretaryInput extends BranchCommandInput {
  @IsYear() year!: number;
  @IsIn(REVIEW_GRADES) grade!: ReviewGrade;
}

export class ScreenBranchInput extends BranchCommandInput {
  @IsYear() year!: number;
  @IsDay() on!: string;
  @IsIn(SCREENING_OUTCOMES) outcome!: ScreeningOutcome;
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(WEAKNESS_CATEGORIES, { each: true }) categories?: WeaknessCategory[] | null;
}

export class OpenRectificationCaseInput extends BranchCommandInput {
  @IsOptionalId() caseId?: string | null;
  @IsYear() year!: number;
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(WEAKNESS_CATEGORIES, { each: true }) categories!: WeaknessCategory[];
  @TextList(LIMITS.reason, true) problems!: string[];
  @TextList(LIMITS.reason, false) causes?: string[] | null;
  @TextList(LIMITS.reason, true) measures!: string[];
  @IsOptionalId() liaisonLeaderId?: string | null;
  @IsOptionalId() responsiblePersonId?: string | null;
  @IsDay() deadline!: string;
}

export class RecordRectificationStepInput extends BranchCommandInput {
  @IsId() caseId!: string;
  @IsDay() on!: string;
  @IsIn(RECTIFICATION_STEP_KINDS) kind!: RectificationStepKind;
  @IsOptionalText(LIMITS.note) note?: string | null;
}

export class AcceptRectificationInput extends BranchCommandInput {
  @IsId() caseId!: string;
  @IsDay() on!: string;
  @IsBoolean() passed!: boolean;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100) score?: number | null;
  @IsText(LIMITS.name) acceptedBy!: string;
  @IsOptionalText(LIMITS.note) note?: string | null;
}

export class CloseRectificationCaseInput extends BranchCommandInput {
  @IsId() caseId!: string;
  @IsDay() on!: string;
}

export class ReopenRectificationCaseInput extends BranchCommandInput {
  @IsId() caseId!: string;
  @IsDay() on!: string;
  @IsText(LIMITS.reason) reason!: string;
}

export class AssignLiaisonInput extends BranchCommandInput {
  @IsId() liaisonLeaderId!: string;
  @IsDay() on!: string;
}

export class RecordPersonnelReviewInput extends BranchCommandInput {
  @IsDay() on!: string;
  @IsIn(PERSONNEL_MATTERS) matter!: PersonnelMatter;
  @IsOptionalText(LIMITS.note) note?: string | null;
}

export class AllocateFundsInput extends BranchCommandInput {
  @IsYear() year!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1e9) amountYuan!: number;
}

export class RecordFundsUseInput extends BranchCommandInput {
  @IsYear() year!: number;
  @IsDay() on!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1e9) amountYuan!: number;
  @IsText(LIMITS.reason) purpose!: string;
}
