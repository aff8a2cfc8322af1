import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsNumber, Max, Min, ValidateNested } from 'class-validator';
import { OFFICER_ROLES, TRAINING_ORGANIZERS, type OfficerRole, type TrainingOrganizer } from '../../../../libs/domain/src/vocabulary.js';
import { IsDay, IsId, IsOptionalId, IsOptionalVersion, IsText, LIMITS } from '../recording/input-bounds.js';
import { NotBefore } from '../recording/input-validation.js';

export class HoldTrainingSessionInput {
  @IsOptionalId() commandId?: string | null;
  @IsOptionalId() sessionId?: string | null;
  @IsIn(TRAINING_ORGANIZERS) organizer!: TrainingOrganizer;
  @IsOptionalId() universityId?: string | null;
  @IsOptionalId() unitId?: string | null;
  @IsText(LIMITS.name) title!: string;
  @IsDay() startsOn!: string;
  @IsDay() @NotBefore('startsOn') endsOn!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.5) @Max(2000) hours!: number;
}

export class AttendeeInput {
  @IsId() personId!: string;
  @IsId() branchId!: string;
  @IsIn(OFFICER_ROLES) role!: OfficerRole;
}

export class RecordTrainingAttendanceInput {
  @IsOptionalId() commandId?: string | null;
  @IsOptionalVersion() expectedVersion?: number | null;
  @IsId() sessionId!: string;
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(LIMITS.attendees) @ValidateNested({ each: true }) @Type(() => AttendeeInput)
  attendees!: AttendeeInput[];
}
