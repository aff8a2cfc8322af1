import { dualLeaderProjection } from './dual-leader/dual-leader-projection.js';
import { meetingsProjection } from './meetings/meetings-projection.js';
import { organizationProjection } from './organization/organization-projection.js';
import type { Projection } from './projection-engine/projection.js';
import { ledgerProjection } from './rectification-ledger/ledger-projection.js';
import { trainingProjection } from './training-coverage/training-projection.js';
import { readyFiguresProjection } from './ready-figures/ready-figures-projection.js';

/** The read models of the facts themselves: what an as-of view replays. */
export const FACT_PROJECTIONS: readonly Projection[] = [
  organizationProjection,
  meetingsProjection,
  trainingProjection,
  ledgerProjection,
  dualLeaderProjection,
];

/** Every read model the service keeps: the facts, and the figures kept ready from them. */
export const ALL_PROJECTIONS: readonly Projection[] = [...FACT_PROJECTIONS, readyFiguresProjection];
