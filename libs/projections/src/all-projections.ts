import { dualLeaderProjection } from './dual-leader/dual-leader-projection.js';
import { meetingsProjection } from './meetings/meetings-projection.js';
import { organizationProjection } from './organization/organization-projection.js';
import type { Projection } from './projection-engine/projection.js';
import { ledgerProjection } from './rectification-ledger/ledger-projection.js';
import { trainingProjection } from './training-coverage/training-projection.js';

/** Every read model the service keeps. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  organizationProjection,
  meetingsProjection,
  trainingProjection,
  ledgerProjection,
  dualLeaderProjection,
];
