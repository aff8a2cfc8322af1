import type { Caller } from '../../../../libs/identity/src/caller.js';
import { mayRead, readFilter } from '../authorization/authorization.js';

/** An event as live updates describe it: what and where, never its payload or who it is about. */
export interface RecordedEvent {
  type: string;
  streamId: string;
  position: string;
  universityId: string | null;
  recordedAt: Date;
}

/**
 * The one place live updates ask what a caller may watch; scoped exactly like reads. Events of no
 * university (the policy stream, municipal training sessions) go to the whole-scope readers only.
 * `unitId` is the unit of a branch stream's branch, when known.
 */
export function mayWatchEvent(caller: Caller, event: RecordedEvent, unitId: string | undefined): boolean {
  if (event.universityId === null) return caller.role === 'MUNICIPAL_ADMIN' || caller.role === 'INSPECTOR';
  const branchId = branchOfStream(event.streamId);
  return mayRead(caller, { universityId: event.universityId, ...(unitId ? { unitId } : {}), ...(branchId ? { branchId } : {}) });
}

/** FORBIDDEN, as the figure queries answer, when the caller may not read this university's figures. */
export function assertMayWatchFigures(caller: Caller, universityId: string): void {
  readFilter(caller, { universityId });
}

/** Whether a caller's watch needs to know the units of branches (only unit admins are scoped by unit). */
export function needsBranchUnits(caller: Caller): boolean {
  return caller.role === 'UNIT_ADMIN';
}

export function branchOfStream(streamId: string): string | undefined {
  return streamId.startsWith('branch-') ? streamId.slice('branch-'.length) : undefined;
}
