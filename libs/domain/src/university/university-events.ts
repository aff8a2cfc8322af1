import type { CalendarDate } from '../calendar/calendar-date.js';

/** The stream of one university (高校), its units (院系/二级党组织), their studies and 党员之家. */
export const universityStreamId = (universityId: string): string => `university-${universityId}`;

/** 高校: the tenant registered by the Municipal Committee; its id is usually the 学校代码. */
export type UniversityRegisteredData = {
  universityId: string;
  name: string;
};

/** 院系/二级党组织: a school or department party committee inside the university. */
export type UnitRegisteredData = {
  universityId: string;
  unitId: string;
  name: string;
};

/**
 * 专题研究党支部工作: the university party committee (`unitId` null) or a unit committee studied
 * branch work on a day.
 */
export type BranchWorkStudiedData = {
  universityId: string;
  unitId: string | null;
  on: CalendarDate;
  topic: string;
};

/** 党员之家: a unit built its party members' home. */
export type PartyMembersHomeBuiltData = {
  universityId: string;
  unitId: string;
  on: CalendarDate;
};

export type UniversityRegistered = { type: 'UniversityRegistered'; data: UniversityRegisteredData };
export type UnitRegistered = { type: 'UnitRegistered'; data: UnitRegisteredData };
export type BranchWorkStudied = { type: 'BranchWorkStudied'; data: BranchWorkStudiedData };
export type PartyMembersHomeBuilt = { type: 'PartyMembersHomeBuilt'; data: PartyMembersHomeBuiltData };

/** Everything recorded on `university-<id>`. */
export type UniversityEvent = UniversityRegistered | UnitRegistered | BranchWorkStudied | PartyMembersHomeBuilt;

export type UniversityEventType = UniversityEvent['type'];

/** Every event type of the stream, e.g. for a projection's subscription. */
export const UNIVERSITY_EVENT_TYPES = [
  'UniversityRegistered',
  'UnitRegistered',
  'BranchWorkStudied',
  'PartyMembersHomeBuilt',
] as const satisfies readonly UniversityEventType[];
