/**
 * Who answers for a case's SLAs (AVRR.md §9): the office that owns the case at its stage, and who an alert reaches.
 * "Alert" raises a task for the owner; "escalate" notifies the supervisor and operations.
 */
import { isPostArrival } from './stages';
import type { Role, Stage } from './types';

/**
 * The office that owns a case for SLAs: the receiving office in the country of origin from arrival on (stages 11-15,
 * AVRR.md §5.1), the host office before; a case with no receiving office on record stays with its host office.
 */
export function slaOwnerOffice(c: { stage: Stage; hostOffice: string; receivingOffice?: string | null }): string {
  return isPostArrival(c.stage) ? c.receivingOffice || c.hostOffice : c.hostOffice;
}

export type SlaAlertLevel = 'ALERT' | 'ESCALATE';

/** A role in one office, or in every office (`office: null`: operations watch the whole organisation). */
export interface SlaAlertRecipient {
  role: Role;
  office: string | null;
}

/** Who an SLA alert of the owning office reaches: its officers for an alert; its supervisors and operations for an escalation. */
export function slaAlertRecipients(level: SlaAlertLevel, ownerOffice: string): SlaAlertRecipient[] {
  return level === 'ALERT'
    ? [{ role: 'officer', office: ownerOffice }]
    : [
        { role: 'supervisor', office: ownerOffice },
        { role: 'operations', office: null },
      ];
}
