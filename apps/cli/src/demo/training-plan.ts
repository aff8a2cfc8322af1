import type { CalendarDate } from '../../../../libs/domain/src/calendar-date.js';
import type { TrainingOrganizer } from '../../../../libs/domain/src/vocabulary.js';
import { addDays, day, weekdayOnOrAfter } from './calendar-days.js';
import { chineseNumber, YEARS, type UnitPlan, type UniversityPlan } from './organization-plan.js';
import { SeededRandom } from './seeded-random.js';

/** A training session (轮训) and whom it trains. */
export interface SessionPlan {
  id: string;
  organizer: TrainingOrganizer;
  universityId: string | null;
  unitId: string | null;
  title: string;
  startsOn: CalendarDate;
  endsOn: CalendarDate;
  hours: number;
  year: number;
  /** Secretaries only (示范培训班), or secretaries and committee members. */
  audience: 'SECRETARIES' | 'OFFICERS';
}

/** 北京高校党支部书记示范培训班: two a year, the 2020 autumn one online. */
export function municipalSessions(): SessionPlan[] {
  const sessions: SessionPlan[] = [];
  const starts: Record<number, [CalendarDate, CalendarDate]> = {
    2018: ['2018-07-09', '2018-11-19'],
    2019: ['2019-07-08', '2019-11-18'],
    2020: ['2020-08-24', '2020-11-16'],
  };
  for (const year of YEARS) {
    starts[year]!.forEach((startsOn, index) => {
      sessions.push({
        id: `municipal-${year}-${index + 1}`,
        organizer: 'MUNICIPAL',
        universityId: null,
        unitId: null,
        title: `${year}年北京高校党支部书记示范培训班（第${chineseNumber(index + 1)}期）${year === 2020 && index === 0 ? '（线上）' : ''}`,
        startsOn,
        endsOn: addDays(startsOn, 4),
        hours: 32,
        year,
        audience: 'SECRETARIES',
      });
    });
  }
  return sessions;
}

/** 集中轮训 of a university's secretaries and committee members, once a year (autumn term). */
export function universitySessions(seed: string, university: UniversityPlan): SessionPlan[] {
  const random = SeededRandom.derived(seed, `sessions/${university.id}`);
  return YEARS.map((year) => {
    const startsOn = weekdayOnOrAfter(day(year, random.pick([9, 10, 10, 11]), random.int(1, 24)));
    return {
      id: `${university.id}-rotation-${year}`,
      organizer: 'UNIVERSITY',
      universityId: university.id,
      unitId: null,
      title: `${university.name}${year}年党支部书记和支部委员集中轮训${year === 2020 ? '（线上线下结合）' : ''}`,
      startsOn,
      endsOn: addDays(startsOn, random.int(1, 2)),
      hours: random.pick([8, 12, 16]),
      year,
      audience: 'OFFICERS',
    };
  });
}

/** A unit's own training of its branch committees, most years (spring term). */
export function unitSessions(seed: string, unit: UnitPlan): SessionPlan[] {
  const random = SeededRandom.derived(seed, `sessions/${unit.id}`);
  const sessions: SessionPlan[] = [];
  for (const year of YEARS) {
    if (!random.chance(0.8)) continue;
    const startsOn = weekdayOnOrAfter(day(year, random.pick([4, 5, 6]), random.int(1, 25)));
    sessions.push({
      id: `${unit.id}-training-${year}`,
      organizer: 'UNIT',
      universityId: unit.universityId,
      unitId: unit.id,
      title: `${unit.name.replace(/党委$/, '')}${year}年党支部委员培训班`,
      startsOn,
      endsOn: startsOn,
      hours: 4,
      year,
      audience: 'OFFICERS',
    });
  }
  return sessions;
}
