/** A member count (党员人数) reported as of a day. */
export interface MemberCountReport {
  readonly on: string;
  readonly count: number;
}

/**
 * The member count of a branch over time: the count in force on a day is the latest one reported on
 * or before it (DOMAIN.md §2). Give the establishment count as the first report (dated the
 * establishment day); a day before every report gets the earliest one (the establishment count).
 */
export type MemberCountTimeline = readonly MemberCountReport[];

/** The count in force on `day`; null only for an empty timeline. Reports may come in any order. */
export function memberCountOn(timeline: MemberCountTimeline, day: string): number | null {
  let inForce: MemberCountReport | null = null;
  let earliest: MemberCountReport | null = null;
  for (const report of timeline) {
    if (earliest === null || report.on < earliest.on) earliest = report;
    if (report.on <= day && (inForce === null || report.on >= inForce.on)) inForce = report;
  }
  return (inForce ?? earliest)?.count ?? null;
}
