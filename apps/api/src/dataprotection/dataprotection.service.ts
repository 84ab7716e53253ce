import { CodedHttpException, StaffUser } from '@avrr/auth';
import {
  consentGiven,
  discloseTransfer,
  requestedTransferStatus,
  type CaseEvent,
  type CaseView,
  type DerivedTransfer,
} from '@avrr/domain';
import {
  CaseRepository,
  DataProtectionRepository,
  HouseholdRepository,
  RetentionRepository,
  type TransferRecord,
} from '@avrr/persistence';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { isISO31661Alpha2 } from 'class-validator';
import { caseAnonymised } from '../cases/case-anonymised';
import { scopeOf } from '../cases/case-scope';
import type {
  AccessRequestRequest,
  CorrectionRequest,
  DecideTransferRequest,
  IncidentRequest,
  RequestTransferRequest,
} from './dataprotection.dto';
import { accessDocument } from './access-document';

const caseNotFound = () => new CodedHttpException(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND', 'Case not found');
const transferNotFound = () => new CodedHttpException(HttpStatus.NOT_FOUND, 'TRANSFER_NOT_FOUND', 'Transfer not found');

/** Does this event concern the member (a member id field naming them, or the household as a whole)? */
function concerns(e: Record<string, unknown>, memberId: string): boolean {
  const ids: unknown[] = [];
  for (const key of ['memberId', 'memberIds', 'travellerIds', 'unhcrNotificationDue'])
    if (key in e) ids.push(...(Array.isArray(e[key]) ? (e[key] as unknown[]) : [e[key]]));
  if ('findings' in e && Array.isArray(e.findings))
    ids.push(...(e.findings as { memberId?: string }[]).map((f) => f.memberId));
  if ('consents' in e && Array.isArray(e.consents))
    ids.push(...(e.consents as { memberId?: string }[]).map((c) => c.memberId));
  return ids.length === 0 || ids.includes(memberId);
}

const invalidValue = (field: string, message: string) =>
  new CodedHttpException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', `Invalid request: value`, {
    fields: [{ field: 'value', errors: [`${field}: ${message}`] }],
  });

/** A corrected value in the form the identity record holds it, or a 400 naming what is wrong (never echoing it). */
export function correctedValue(field: CorrectionRequest['field'], raw: string, today = new Date()): string {
  const value = raw.trim();
  if (!value) throw invalidValue(field, 'must not be blank');
  switch (field) {
    case 'givenName':
    case 'familyName':
      if (value.length > 120) throw invalidValue(field, 'at most 120 characters');
      return value;
    case 'dateOfBirth': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
      if (!m || !d || d.toISOString().slice(0, 10) !== value)
        throw invalidValue(field, 'must be a calendar date YYYY-MM-DD');
      if (value > today.toISOString().slice(0, 10)) throw invalidValue(field, 'must not be in the future');
      return value;
    }
    case 'nationality':
      if (!isISO31661Alpha2(value.toUpperCase())) throw invalidValue(field, 'must be an ISO 3166-1 alpha-2 code');
      return value.toUpperCase();
    case 'phone':
      if (!/^\+?[0-9 ()-]{6,20}$/.test(value)) throw invalidValue(field, 'must be a phone number');
      return value;
    case 'address':
      return value;
  }
}

/**
 * The data protection focal point's work (AVRR.md §13): transfers (the case's list, requests outside the allow-lists
 * and their decision), access requests (an export of everything held about one person, audited), corrections
 * (history kept) and the incident log. The focal point reads case data only here, through a request that is logged.
 */
@Injectable()
export class DataProtectionService {
  private readonly logger = new Logger(DataProtectionService.name);
  constructor(
    private readonly dp: DataProtectionRepository,
    private readonly cases: CaseRepository,
    private readonly household: HouseholdRepository,
    private readonly retention: RetentionRepository,
  ) {}

  /** The focal point works across the organisation; the caseworkers in their own scope. */
  private scope(user: StaffUser) {
    return user.role === 'dpo' ? { all: true } : scopeOf(user);
  }

  async transfersOf(user: StaffUser, caseId: string) {
    const row = await this.cases.locate(caseId, this.scope(user));
    if (!row) throw caseNotFound();
    const items = await this.dp.transfersOf(caseId);
    return { items: items.map((t) => discloseTransfer(t, user.role)) };
  }

  async requestTransfer(user: StaffUser, caseId: string, body: RequestTransferRequest): Promise<TransferRecord> {
    const row = await this.cases.findById(caseId, this.scope(user));
    if (!row) throw caseNotFound();
    const view: CaseView = row.view;
    const unknown = body.memberIds.filter((id) => !view.members.some((m) => m.memberId === id));
    if (unknown.length)
      throw new CodedHttpException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'UNKNOWN_MEMBER',
        'A member is not part of this case',
      );
    // A consent-gated item goes as of right only with the consent of every member concerned.
    const verdict = requestedTransferStatus(body.recipientKind, body.items, (purpose) =>
      body.memberIds.every((id) => !!purpose && consentGiven(view, id, purpose)),
    );
    if (!verdict.ok)
      throw new CodedHttpException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'TRANSFER_ITEM_PROHIBITED',
        `A ${body.recipientKind} never receives: ${verdict.prohibited.join(', ')}`,
      );
    const transfer: DerivedTransfer = {
      transferId: `${caseId}:request:${randomUUID()}`,
      caseId,
      version: view.version,
      memberIds: body.memberIds,
      recipientKind: body.recipientKind,
      recipientName: body.recipientName,
      purpose: body.purpose,
      items: body.items,
      legalBasis: { kind: body.legalBasis.kind, ref: body.legalBasis.ref },
      safeguards: body.safeguards,
      status: verdict.status,
      approvedBy: verdict.status === 'SENT' ? 'ALLOW_LIST' : null,
      requestedBy: user.id,
      at: new Date().toISOString(),
    };
    await this.dp.insertTransfer(transfer, verdict.outside);
    this.logger.log({ caseId, transferId: transfer.transferId, status: transfer.status }, 'transfer requested');
    return (await this.dp.transfer(transfer.transferId))!;
  }

  async pendingTransfers() {
    return { items: await this.dp.pendingTransfers() };
  }

  async decideTransfer(
    user: StaffUser,
    transferId: string,
    decision: 'APPROVED' | 'REJECTED',
    body: DecideTransferRequest,
  ): Promise<TransferRecord> {
    const existing = await this.dp.transfer(transferId);
    if (!existing) throw transferNotFound();
    const decided = await this.dp.decideTransfer(transferId, decision, user.id, body.reasonCode ?? null);
    if (!decided)
      throw new CodedHttpException(
        HttpStatus.CONFLICT,
        'TRANSFER_ALREADY_DECIDED',
        `The transfer is ${existing.status}, not waiting for a decision`,
      );
    this.logger.log({ caseId: decided.caseId, transferId, decision }, 'transfer decided');
    return decided;
  }

  /**
   * An access request: everything held about one person (identity, the case facts about them, consents, transfers of
   * their data, corrections, the read log of their case and the audit events that concern them), as JSON and as a
   * printable document. The request itself is recorded (with the export's hash) before the answer leaves.
   */
  async accessRequest(user: StaffUser, body: AccessRequestRequest) {
    const row = await this.cases.findById(body.caseId, { all: true });
    if (!row) throw caseNotFound();
    const members = await this.household.membersOf(body.caseId);
    const identity = members.find((m) => m.memberId === body.memberId);
    const memberView = row.view.members.find((m) => m.memberId === body.memberId);
    if (!identity || !memberView)
      throw new CodedHttpException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'UNKNOWN_MEMBER',
        'The member is not part of this case',
      );
    const [transfers, corrections, audit, reads] = await Promise.all([
      this.dp.transfersOf(body.caseId),
      this.dp.corrections(body.caseId, body.memberId),
      this.dp.auditOf(body.caseId),
      this.cases.specialCategoryReads(body.caseId),
    ]);
    const data = {
      person: {
        memberId: identity.memberId,
        givenName: identity.givenName,
        familyName: identity.familyName,
        aliases: identity.aliases,
        sex: identity.sex,
        dateOfBirth: identity.dateOfBirth,
        dateOfBirthEstimated: identity.dateOfBirthEstimated,
        nationality: identity.nationality,
        languages: identity.languages,
        phone: identity.phone ?? null,
        email: identity.email ?? null,
        address: identity.address ?? null,
        relationship: identity.relationship,
      },
      case: {
        caseId: row.view.caseId,
        reference: row.view.reference,
        stage: row.view.stage,
        hostOffice: row.view.hostOffice,
        receivingOffice: row.view.receivingOffice ?? null,
        openedAt: row.view.openedAt,
        closedAt: row.view.closedAt ?? null,
      },
      facts: memberView,
      consents: (row.view.consents ?? []).filter((c) => c.memberId === body.memberId),
      transfers: transfers.filter((t) => t.memberIds.includes(body.memberId)),
      corrections,
      specialCategoryReads: reads,
      history: audit
        .map((a) => ({
          ...a,
          events: (a.events as CaseEvent[]).filter((e) =>
            concerns(e as unknown as Record<string, unknown>, body.memberId),
          ),
        }))
        .filter((a) => a.events.length > 0),
    };
    const json = JSON.stringify(data);
    const request = await this.dp.recordAccessRequest({
      requestId: randomUUID(),
      caseId: body.caseId,
      memberId: body.memberId,
      requestedBy: user.id,
      channel: body.channel,
      status: 'COMPLETED',
      sections: Object.keys(data),
      exportSha256: createHash('sha256').update(json).digest('hex'),
    });
    this.logger.log({ caseId: body.caseId, requestId: request.requestId }, 'access request answered');
    return { request, data, document: { mediaType: 'text/html' as const, content: accessDocument(data) } };
  }

  async accessRequests() {
    return { items: await this.dp.accessRequests() };
  }

  /**
   * A correction request (AVRR.md §13 principle 3): the value in its normal form is recorded (history kept) and the
   * person's identity record follows it in the same transaction, so caseworkers, transfers, duplicate search and
   * reports read the corrected value. An anonymised case has no identity left to correct: 410.
   */
  async correct(user: StaffUser, body: CorrectionRequest) {
    const row = await this.cases.locate(body.caseId, { all: true });
    if (!row) throw caseNotFound();
    if (await this.retention.anonymisedAt(body.caseId)) throw caseAnonymised();
    const value = correctedValue(body.field, body.value);
    const recorded = await this.dp.recordCorrection({ ...body, value, requestedBy: user.id });
    if (!recorded)
      throw new CodedHttpException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'UNKNOWN_MEMBER',
        'The member is not part of this case',
      );
    this.logger.log({ caseId: body.caseId, field: body.field, basis: body.basis }, 'identity corrected');
    return recorded;
  }

  async corrections(caseId: string, memberId?: string) {
    return { items: await this.dp.corrections(caseId, memberId) };
  }

  async recordIncident(user: StaffUser, body: IncidentRequest) {
    return this.dp.recordIncident({
      incidentId: randomUUID(),
      kind: body.kind,
      severity: body.severity,
      caseId: body.caseId ?? null,
      occurredAt: new Date(body.occurredAt).toISOString(),
      description: body.description,
      containment: body.containment ?? null,
      reportedBy: user.id,
    });
  }

  async incidents() {
    return { items: await this.dp.incidents() };
  }

  async readLog() {
    return { items: await this.dp.specialCategoryReads() };
  }
}
