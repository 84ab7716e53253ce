/**
 * The rules of the staff register (issue 13): which office a role may be scoped to, and what a valid office time zone
 * is. Pure, so the admin API, the initial administrator and any later import share one definition.
 */
import { IANAZone } from 'luxon';
import type { Role } from './types';

/** Roles an administrator may give; `system` is the engine's own actor and is never a person. */
export const ASSIGNABLE_ROLES: readonly Role[] = [
  'officer',
  'supervisor',
  'protection',
  'medical',
  'movement',
  'counterpart',
  'finance',
  'operations',
  'dpo',
  'admin',
];

/** The kind of office each office-scoped role works in (supervisors manage programmes in both). */
const OFFICE_KINDS: Partial<Record<Role, readonly ('HOST' | 'COO')[]>> = {
  officer: ['HOST'],
  protection: ['HOST'],
  medical: ['HOST'],
  movement: ['HOST'],
  supervisor: ['HOST', 'COO'],
  counterpart: ['COO'],
  finance: ['COO'],
};

export interface ScopeOffice {
  code: string;
  kind: 'HOST' | 'COO';
  country: string;
}

export type ScopeProblem =
  | { code: 'ROLE_NOT_ASSIGNABLE'; message: string }
  | { code: 'OFFICE_REQUIRED'; message: string }
  | { code: 'OFFICE_NOT_ALLOWED'; message: string }
  | { code: 'UNKNOWN_OFFICE'; message: string }
  | { code: 'OFFICE_KIND_MISMATCH'; message: string };

/**
 * A user's scope is their office; their country is the office's (never typed separately, so the two cannot disagree).
 * Case-working roles need an office of the right kind (an officer without an office would see every host office's
 * cases: scopeOf reads "no office" as "no restriction"); operations may be limited to one office or see all; an
 * administrator reads no case, so an office would mean nothing.
 * `office` is the register's record of the requested office code (null when the code is unknown or none was given).
 */
export function scopeProblem(
  role: Role,
  requestedOffice: string | null,
  office: ScopeOffice | null,
): ScopeProblem | null {
  if (!ASSIGNABLE_ROLES.includes(role))
    return { code: 'ROLE_NOT_ASSIGNABLE', message: `The role ${role} cannot be given to a person` };
  if (requestedOffice !== null && !office)
    return { code: 'UNKNOWN_OFFICE', message: `No office ${requestedOffice} in the office register` };
  if (role === 'admin')
    return office ? { code: 'OFFICE_NOT_ALLOWED', message: 'An administrator is not scoped to an office' } : null;
  if (role === 'operations') return null;
  // The data protection focal point works for the whole organisation (AVRR.md §4): no office.
  if (role === 'dpo')
    return office ? { code: 'OFFICE_NOT_ALLOWED', message: 'The focal point is not scoped to an office' } : null;
  const kinds = OFFICE_KINDS[role] ?? [];
  if (!office) return { code: 'OFFICE_REQUIRED', message: `The role ${role} needs an office` };
  if (!kinds.includes(office.kind))
    return {
      code: 'OFFICE_KIND_MISMATCH',
      message: `The role ${role} works in a ${kinds.join(' or ')} office; ${office.code} is ${office.kind}`,
    };
  return null;
}

/** An IANA time zone name luxon (and so every deadline computation) understands; offsets like "+01:00" are refused. */
export function isIanaTimeZone(zone: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone) && IANAZone.isValidZone(zone);
}
