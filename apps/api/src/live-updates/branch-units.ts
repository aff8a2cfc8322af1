import type { EventStore, StoredEvent } from '../../../../libs/event-store/src/event-store.port.js';
import { branchOfStream } from './live-scope.js';

const UNIT_EVENTS = new Set(['BranchEstablished', 'BranchMoved']);
const CACHE_LIMIT = 50_000;

/**
 * The unit each branch belongs to, for unit admins' live scope: learnt from the establishment and
 * moves the feed passes by, and read from the branch's stream the first time a branch is asked about.
 */
export class BranchUnits {
  private readonly units = new Map<string, string>();

  constructor(private readonly store: EventStore) {}

  /** Keeps up with establishments and moves as the feed reads them. */
  observe(event: StoredEvent): void {
    const branchId = branchOfStream(event.streamId);
    if (branchId && UNIT_EVENTS.has(event.type) && typeof event.data.unitId === 'string') this.remember(branchId, event.data.unitId);
  }

  async unitOf(streamId: string): Promise<string | undefined> {
    const branchId = branchOfStream(streamId);
    if (!branchId) return undefined;
    const known = this.units.get(branchId);
    if (known) return known;
    const events = await this.store.readStream(streamId);
    const last = events.filter((event) => UNIT_EVENTS.has(event.type)).at(-1);
    if (typeof last?.data.unitId !== 'string') return undefined;
    this.remember(branchId, last.data.unitId);
    return last.data.unitId;
  }

  private remember(branchId: string, unitId: string): void {
    if (this.units.size >= CACHE_LIMIT && !this.units.has(branchId)) this.units.clear();
    this.units.set(branchId, unitId);
  }
}
