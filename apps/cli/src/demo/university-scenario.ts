import type { CalendarDate } from '../../../../libs/domain/src/calendar-date.js';
import type { UniversityCommand } from '../../../../libs/domain/src/university/university-commands.js';
import type { PlannedCommand } from './branch-scenario.js';
import { day, workingDayIn } from './calendar-days.js';
import { MUNICIPAL_ADMIN, unitAdmin, universityAdmin, YEARS, type UniversityPlan } from './organization-plan.js';
import { committeeStudyTopic } from './record-wording.js';
import { SeededRandom } from './seeded-random.js';

export interface UniversityScenario {
  /** The university and its units, registered before anything else. */
  registration: PlannedCommand<UniversityCommand>[];
  /** 专题研究党支部工作 by the university and unit committees, and the units' 党员之家. */
  records: PlannedCommand<UniversityCommand>[];
}

export function universityScenario(seed: string, university: UniversityPlan, today: CalendarDate, lastDay: CalendarDate): UniversityScenario {
  const random = SeededRandom.derived(seed, `university/${university.id}`);
  const streamId = `university-${university.id}`;
  const admin = universityAdmin(university.id);
  const registeredOn = '2018-01-19';
  const registration: PlannedCommand<UniversityCommand>[] = [
    { streamId, actor: MUNICIPAL_ADMIN, recordedOn: registeredOn, command: { type: 'RegisterUniversity', data: { id: university.id, name: university.name } } },
    ...university.units.map((unit): PlannedCommand<UniversityCommand> => ({
      streamId,
      actor: admin,
      recordedOn: registeredOn,
      command: { type: 'RegisterUnit', data: { universityId: university.id, unitId: unit.id, name: unit.name } },
    })),
  ];
  const records: PlannedCommand<UniversityCommand>[] = [];
  const study = (actor: typeof admin, unitId: string | null, on: CalendarDate | null) => {
    if (!on || on > lastDay) return;
    records.push({
      streamId,
      actor,
      recordedOn: on,
      command: {
        type: 'RecordBranchWorkStudy',
        data: { universityId: university.id, ...(unitId ? { unitId } : {}), on, topic: committeeStudyTopic(random, on), today },
      },
    });
  };
  for (const year of YEARS) {
    // The university committee studies branch work at least once a year, often twice.
    study(admin, null, workingDayIn(random, year, random.int(3, 6)));
    if (random.chance(0.45)) study(admin, null, workingDayIn(random, year, random.int(9, 11)));
    // Most unit committees do too; a few miss a year.
    for (const unit of university.units) {
      if (random.chance(0.88)) study(unitAdmin(university.id, unit.id), unit.id, workingDayIn(random, year, random.int(3, 11)));
    }
  }
  for (const unit of university.units) {
    if (!random.chance(0.85)) continue;
    const on = workingDayIn(random, random.pick([2018, 2018, 2019]), random.int(4, 12)) ?? day(2019, 6, 28);
    records.push({
      streamId,
      actor: unitAdmin(university.id, unit.id),
      recordedOn: on,
      command: { type: 'RecordPartyMembersHome', data: { universityId: university.id, unitId: unit.id, on, today } },
    });
  }
  records.sort((a, b) => (a.recordedOn < b.recordedOn ? -1 : a.recordedOn > b.recordedOn ? 1 : 0));
  return { registration, records };
}
