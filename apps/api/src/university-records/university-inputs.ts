import { IsOptionalId, IsId, IsText, IsDay, IsOptionalVersion, LIMITS } from '../recording/input-bounds.js';

export class RegisterUniversityInput {
  @IsOptionalId() commandId?: string | null;
  @IsId() id!: string;
  @IsText(LIMITS.name) name!: string;
}

class UniversityCommandInput {
  @IsOptionalId() commandId?: string | null;
  @IsOptionalVersion() expectedVersion?: number | null;
  @IsId() universityId!: string;
}

export class RegisterUnitInput extends UniversityCommandInput {
  @IsOptionalId() unitId?: string | null;
  @IsText(LIMITS.name) name!: string;
}

export class RecordBranchWorkStudyInput extends UniversityCommandInput {
  @IsOptionalId() unitId?: string | null;
  @IsDay() on!: string;
  @IsText(LIMITS.topic) topic!: string;
}

export class RecordPartyMembersHomeInput extends UniversityCommandInput {
  @IsId() unitId!: string;
  @IsDay() on!: string;
}
