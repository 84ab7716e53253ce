import { createHmac } from 'node:crypto';
import { normaliseDocumentNumber } from '@avrr/domain';

/*
 * Keyed digests that stand for a precise or client-chosen value where it would otherwise leave PostgreSQL: reminder ids
 * (Redis job ids, logs, screens) and Idempotency-Keys (Temporal Update ids, the audit trail). No Nest here: the
 * migration and unit tests use them as they are.
 */

/**
 * The key of reminder ids, derived from the PII key (a separate purpose, so one digest never stands for another).
 * The same key always gives the same ids: the projection's sync and the reconciliation's job ids rely on it.
 */
export function reminderIdKey(piiKey: Buffer): Buffer {
  return createHmac('sha256', piiKey).update('avrr:reminder-id:v1').digest();
}

/**
 * The stored id of a planned reminder: the case id and a keyed digest of the planner's precise key (case, kind,
 * subject, step). Deterministic, so a re-plan finds its row and reconciliation re-creates the same BullMQ job id; opaque,
 * so no Redis key, log line, webhook or screen learns the kind (a VoT reassessment, a medical check) from it. Keyed, so
 * nobody can try the few kinds and members of a case against it. No ':' (BullMQ job ids may not contain one).
 */
export function opaqueReminderId(key: Buffer, caseId: string, planKey: string): string {
  return `${caseId}.${createHmac('sha256', key).update(planKey).digest('base64url').slice(0, 22)}`;
}

/** The key of Idempotency-Key digests, derived from the PII key for this one purpose. */
export function idempotencyDigestKey(piiKey: Buffer): Buffer {
  return createHmac('sha256', piiKey).update('avrr:idempotency-key:v1').digest();
}

/**
 * What is stored of a client's Idempotency-Key: `h.` and an HMAC-SHA-256 of it under the server's key (base64url).
 * A client may put anything in the header (a reference, a name, a date of birth): only this digest is kept, in
 * PostgreSQL, in the command id that becomes Temporal's Update id, and in the audit trail, so no screen, log or
 * history shows the key itself, and nobody without the server key can test a guess against it.
 */
export function idempotencyKeyDigest(digestKey: Buffer, key: string): string {
  return `h.${createHmac('sha256', digestKey).update(key, 'utf8').digest('base64url')}`;
}

/** The key of document-number digests, derived from the PII key for this one purpose. */
export function documentDigestKey(piiKey: Buffer): Buffer {
  return createHmac('sha256', piiKey).update('avrr:document-number:v1').digest();
}

/**
 * What is stored of a travel or identity document number (issue 11 item 6): an HMAC-SHA-256 (hex) of its normal form
 * (upper case, letters and digits only: libs/domain normaliseDocumentNumber), so "ab-123 456" and "AB123456" meet and
 * nobody without the server key can test a guessed number against it. Null when it is too short to be a number.
 */
export function documentNumberDigest(key: Buffer, number: string | null | undefined): string | null {
  const normal = normaliseDocumentNumber(number);
  return normal ? createHmac('sha256', key).update(normal, 'utf8').digest('hex') : null;
}
