/** The roles of DOMAIN.md §1, as the token's `role` claim names them. */
export const ROLES = ['MUNICIPAL_ADMIN', 'INSPECTOR', 'UNIVERSITY_ADMIN', 'UNIT_ADMIN', 'BRANCH_SECRETARY', 'PORTAL'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified token. */
export interface Caller {
  /** The token's subject (person or client id); recorded as every event's actor. */
  subject: string;
  role: Role;
  universityId?: string;
  unitId?: string;
  branchId?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
