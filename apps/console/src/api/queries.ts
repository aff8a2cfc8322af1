/** The GraphQL documents the console sends, and the shapes of their answers (public contract only). */

export const UNIVERSITIES = `query Universities { universities { id name } }`;

export interface UniversitiesData {
  universities: { id: string; name: string }[];
}

export const OVERVIEW = `
query Overview($year: Int!, $universityId: ID, $unitId: ID, $asOf: DateTime, $onDate: Date, $atLeastPosition: String) {
  rectificationLedger(year: $year, universityId: $universityId, unitId: $unitId, asOf: $asOf, onDate: $onDate, atLeastPosition: $atLeastPosition) {
    summary { listed converted open overdue conversionRate target targetMet }
    policyVersion
  }
  trainingCoverage(year: $year, universityId: $universityId, unitId: $unitId, asOf: $asOf, onDate: $onDate, atLeastPosition: $atLeastPosition) {
    secretaries { inOffice trained rate }
    committeeMembers { inOffice trained rate }
    untrained { personId name branchId role }
  }
  dualLeaderStats(year: $year, universityId: $universityId, unitId: $unitId, asOf: $asOf, onDate: $onDate, atLeastPosition: $atLeastPosition) {
    teacherBranches withDualLeader rate electionsHeld electionsMeetingRequirement
    trend { year rate }
  }
  complianceSummary(year: $year, universityId: $universityId, unitId: $unitId, onDate: $onDate, atLeastPosition: $atLeastPosition) {
    branches fullyCompliant averageScore
  }
}`;

export interface Coverage {
  inOffice: number;
  trained: number;
  rate: number | null;
}

export interface OverviewData {
  rectificationLedger: {
    summary: { listed: number; converted: number; open: number; overdue: number; conversionRate: number | null; target: number; targetMet: boolean };
    policyVersion: string;
  };
  trainingCoverage: {
    secretaries: Coverage;
    committeeMembers: Coverage;
    untrained: { personId: string; name: string | null; branchId: string; role: string }[];
  };
  dualLeaderStats: {
    teacherBranches: number;
    withDualLeader: number;
    rate: number | null;
    electionsHeld: number;
    electionsMeetingRequirement: number;
    trend: { year: number; rate: number | null }[];
  };
  complianceSummary: { branches: number; fullyCompliant: number; averageScore: number | null };
}

export const LEDGER = `
query Ledger($year: Int!, $universityId: ID, $unitId: ID, $status: LedgerStatus, $atLeastPosition: String) {
  rectificationLedger(year: $year, universityId: $universityId, unitId: $unitId, status: $status, atLeastPosition: $atLeastPosition) {
    entries {
      caseId branchId branchName unitId categories deadline status missedFinalDeadline
      steps { on kind note }
      acceptedOn acceptanceScore closedOn
    }
  }
}`;

export interface LedgerEntry {
  caseId: string;
  branchId: string;
  branchName: string;
  unitId: string;
  categories: string[];
  deadline: string;
  status: LedgerStatus;
  missedFinalDeadline: boolean;
  steps: { on: string; kind: string; note: string | null }[];
  acceptedOn: string | null;
  acceptanceScore: number | null;
  closedOn: string | null;
}

export type LedgerStatus = 'OPEN' | 'IN_PROGRESS' | 'ACCEPTED' | 'CLOSED' | 'OVERDUE' | 'REOPENED';

export interface LedgerData {
  rectificationLedger: { entries: LedgerEntry[] };
}

const BRANCH_FIELDS = `
  id name kind status universityId unitId memberCount version lastElectionOn termEndsOn electionOverdue
  officers { personId name role since title academicBackbone dualLeader }`;

export const BRANCH = `query Branch($id: ID!, $atLeastPosition: String) { branch(id: $id, atLeastPosition: $atLeastPosition) { ${BRANCH_FIELDS} } }`;

export const BRANCH_AS_OF = `query BranchAsOf($id: ID!, $asOf: DateTime!) { branchAsOf(id: $id, asOf: $asOf) { ${BRANCH_FIELDS} } }`;

export interface Officer {
  personId: string;
  name: string | null;
  role: string;
  since: string;
  title: string | null;
  academicBackbone: boolean | null;
  dualLeader: boolean | null;
}

export interface Branch {
  id: string;
  name: string;
  kind: string;
  status: string;
  universityId: string;
  unitId: string;
  memberCount: number | null;
  version: number;
  lastElectionOn: string | null;
  termEndsOn: string | null;
  electionOverdue: boolean;
  officers: Officer[];
}

export const AUDIT_TRAIL = `
query AuditTrail($streamId: String!, $after: String) {
  auditTrail(streamId: $streamId, first: 1000, after: $after) {
    edges { node {
      eventId globalPosition streamId universityId version type schemaVersion occurredAt recordedAt
      actor correlationId causationId data hash previousHash
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** An event as the audit trail serves it: every field its hash covers. */
export interface AuditEvent {
  eventId: string;
  globalPosition: string;
  streamId: string;
  universityId: string | null;
  version: number;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  correlationId: string | null;
  causationId: string | null;
  data: unknown;
  hash: string;
  previousHash: string | null;
}

export interface AuditTrailData {
  auditTrail: { edges: { node: AuditEvent }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export const INTEGRITY = `
query Integrity($universityId: ID) {
  verifyIntegrity(universityId: $universityId) {
    ok streamsChecked eventsChecked
    firstBroken { eventId streamId version type globalPosition recordedAt }
  }
}`;

export interface IntegrityData {
  verifyIntegrity: {
    ok: boolean;
    streamsChecked: number;
    eventsChecked: number;
    firstBroken: { eventId: string; streamId: string; version: number; type: string; globalPosition: string; recordedAt: string } | null;
  };
}
