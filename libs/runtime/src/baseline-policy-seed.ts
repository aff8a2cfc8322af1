import { v5 as uuidV5 } from 'uuid';
import { policyDecider, POLICY_STREAM_ID } from '../../policy/src/publishing-policy/policy-decider.js';
import { baselinePublication } from '../../policy/src/baseline-policy/baseline-2018-1.js';
import type { EventStore, JsonObject } from '../../event-store/src/event-store.port.js';
import { StreamVersionConflictError } from '../../event-store/src/event-store.port.js';

/**
 * The baseline is dated from the plan itself (2018-01-18, Shanghai), so as-of views of any instant
 * since then find it; the event's recordedAt still says when this system first stored it.
 */
const BASELINE_PUBLISHED_AT = '2018-01-17T16:00:00.000Z';
const BASELINE_EVENT_ID = uuidV5('policy/2018.1', '0c7a3f3e-2f0b-4d53-8a59-6f4b1c9d2e11');

/** Records policy 2018.1 as the first event of the `policy` stream, once, whoever starts first. */
export async function seedBaselinePolicy(store: EventStore): Promise<void> {
  if (await store.streamHead(POLICY_STREAM_ID)) return;
  const [published] = policyDecider.decide(baselinePublication(BASELINE_PUBLISHED_AT), policyDecider.initialState());
  try {
    await store.append(
      POLICY_STREAM_ID,
      [{ eventId: BASELINE_EVENT_ID, type: published!.type, data: published!.data as unknown as JsonObject, occurredAt: new Date(BASELINE_PUBLISHED_AT) }],
      { expectedVersion: 'no-stream', metadata: { actor: 'system', universityId: null } },
    );
  } catch (error) {
    if (!(error instanceof StreamVersionConflictError)) throw error;
  }
}
