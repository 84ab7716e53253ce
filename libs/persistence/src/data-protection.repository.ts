import type { DataItem, DerivedTransfer, RecipientKind, TransferStatus } from '@avrr/domain';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ColumnCipher } from './column-cipher';
import { updateReportIndividual } from './report-facts.statements';
import { nameTermsOf, phoneDigits } from './search-terms';

/** A transfer as stored (AVRR.md §13 principle 5): recipient, purpose, items, legal basis, safeguards, approval. */
export interface TransferRecord {
  transferId: string;
  caseId: string;
  caseVersion: number | null;
  memberIds: string[];
  recipientKind: RecipientKind;
  recipientName: string;
  purpose: string;
  items: DataItem[];
  legalBasis: { kind: 'CONSENT' | 'AGREEMENT'; ref: string };
  safeguards: string[];
  status: TransferStatus;
  /** Items outside the allow-list (what the focal point decides on). */
  outsideItems: DataItem[];
  requestedBy: string;
  approvedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  at: string;
  recordedAt: string;
}

interface TransferRow {
  id: string;
  case_id: string;
  case_version: number | null;
  member_ids: string[];
  recipient_kind: RecipientKind;
  recipient_name: string;
  purpose: string;
  items: DataItem[];
  legal_basis_kind: 'CONSENT' | 'AGREEMENT';
  legal_basis_ref: string;
  safeguards: string[];
  status: TransferStatus;
  outside_items: DataItem[];
  requested_by: string;
  approved_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  transfer_at: Date;
  recorded_at: Date;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function toTransfer(r: TransferRow): TransferRecord {
  return {
    transferId: r.id,
    caseId: r.case_id,
    caseVersion: r.case_version,
    memberIds: r.member_ids,
    recipientKind: r.recipient_kind,
    recipientName: r.recipient_name,
    purpose: r.purpose,
    items: r.items,
    legalBasis: { kind: r.legal_basis_kind, ref: r.legal_basis_ref },
    safeguards: r.safeguards,
    status: r.status,
    outsideItems: r.outside_items,
    requestedBy: r.requested_by,
    approvedBy: r.approved_by,
    decidedAt: iso(r.decided_at),
    decisionReason: r.decision_reason,
    at: iso(r.transfer_at)!,
    recordedAt: iso(r.recorded_at)!,
  };
}

const INSERT_TRANSFER = `INSERT INTO transfers (id, case_id, case_version, member_ids, recipient_kind, recipient_name,
  purpose, items, legal_basis_kind, legal_basis_ref, safeguards, status, outside_items, requested_by, approved_by,
  transfer_at)
  VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) ON CONFLICT (id) DO NOTHING`;

/** The parameters of INSERT_TRANSFER for one transfer. */
export function transferInsert(
  t: DerivedTransfer,
  outside: readonly DataItem[] = [],
): { sql: string; params: unknown[] } {
  return {
    sql: INSERT_TRANSFER,
    params: [
      t.transferId,
      t.caseId,
      t.version,
      t.memberIds,
      t.recipientKind,
      t.recipientName,
      t.purpose,
      t.items,
      t.legalBasis.kind,
      t.legalBasis.ref,
      t.safeguards,
      t.status,
      outside,
      t.requestedBy,
      t.approvedBy,
      t.at,
    ],
  };
}

export interface AccessRequestRecord {
  requestId: string;
  caseId: string;
  memberId: string;
  requestedBy: string;
  channel: string;
  status: string;
  sections: string[];
  exportSha256: string | null;
  recordedAt: string;
}

export interface CorrectionRecord {
  correctionId: string;
  caseId: string;
  memberId: string;
  field: string;
  value: string;
  basis: 'DECLARED' | 'CONFIRMED';
  source: string;
  requestedBy: string;
  recordedAt: string;
}

/** The identity fields a correction may change (the columns of `individuals` they write). */
export type CorrectableField = 'givenName' | 'familyName' | 'dateOfBirth' | 'nationality' | 'phone' | 'address';

/** Source code of the history row that keeps the identity record's value a first correction replaces. */
export const VALUE_BEFORE_CORRECTION = { first: 'REGISTRATION', later: 'IDENTITY_RECORD' } as const;

/** The column of `individuals` a corrected field writes (a nationality: the declared or the confirmed one). */
function columnOf(field: CorrectableField, basis: 'DECLARED' | 'CONFIRMED'): string {
  switch (field) {
    case 'givenName':
      return 'given_name';
    case 'familyName':
      return 'family_name';
    case 'dateOfBirth':
      return 'date_of_birth';
    case 'nationality':
      return basis === 'CONFIRMED' ? 'nationality_confirmed' : 'nationality_declared';
    case 'phone':
      return 'phone';
    case 'address':
      return 'address';
  }
}

export interface IncidentRecord {
  incidentId: string;
  kind: string;
  severity: 'LOW' | 'MEDIUM' | 'HIGH';
  caseId: string | null;
  occurredAt: string;
  description: string;
  containment: string | null;
  reportedBy: string;
  recordedAt: string;
}

/**
 * The data protection focal point's records: transfers (derived ones are written by the case projection in its own
 * transaction, through `transferInsert`), access requests, corrections (sealed values, history kept) and incidents
 * (sealed description). Personal values are sealed with the column cipher like the special categories.
 */
@Injectable()
export class DataProtectionRepository {
  private readonly cipher: ColumnCipher;
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cipher = new ColumnCipher(config.piiKey);
  }

  async transfersOf(caseId: string): Promise<TransferRecord[]> {
    const rows: TransferRow[] = await this.db.query(
      'SELECT * FROM transfers WHERE case_id = $1 ORDER BY transfer_at, recorded_at, id',
      [caseId],
    );
    return rows.map(toTransfer);
  }

  async transfer(id: string): Promise<TransferRecord | null> {
    const rows: TransferRow[] = await this.db.query('SELECT * FROM transfers WHERE id = $1', [id]);
    return rows.length ? toTransfer(rows[0]) : null;
  }

  /** Transfers waiting for the focal point, oldest first. */
  async pendingTransfers(limit = 200): Promise<TransferRecord[]> {
    const rows: TransferRow[] = await this.db.query(
      `SELECT * FROM transfers WHERE status = 'PENDING_APPROVAL' ORDER BY recorded_at, id LIMIT $1`,
      [limit],
    );
    return rows.map(toTransfer);
  }

  async insertTransfer(t: DerivedTransfer, outside: readonly DataItem[]): Promise<void> {
    const { sql, params } = transferInsert(t, outside);
    await this.db.query(sql, params);
  }

  /** Decides a pending transfer once; null when it was not pending any more (decided by someone else first). */
  async decideTransfer(
    id: string,
    decision: 'APPROVED' | 'REJECTED',
    by: string,
    reason: string | null,
  ): Promise<TransferRecord | null> {
    // node-postgres through TypeORM answers an UPDATE ... RETURNING with [rows, rowCount].
    const [rows]: [TransferRow[], number] = await this.db.query(
      `UPDATE transfers SET status = $2, approved_by = $3, decided_at = now(), decision_reason = $4
       WHERE id = $1 AND status = 'PENDING_APPROVAL' RETURNING *`,
      [id, decision, by, reason],
    );
    return rows.length ? toTransfer(rows[0]) : null;
  }

  async recordAccessRequest(r: Omit<AccessRequestRecord, 'recordedAt'>): Promise<AccessRequestRecord> {
    const rows: { recorded_at: Date }[] = await this.db.query(
      `INSERT INTO dp_access_requests (id, case_id, member_id, requested_by, channel, status, sections, export_sha256)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING recorded_at`,
      [r.requestId, r.caseId, r.memberId, r.requestedBy, r.channel, r.status, r.sections, r.exportSha256],
    );
    return { ...r, recordedAt: iso(rows[0].recorded_at)! };
  }

  async accessRequests(caseId?: string, limit = 200): Promise<AccessRequestRecord[]> {
    const rows: {
      id: string;
      case_id: string;
      member_id: string;
      requested_by: string;
      channel: string;
      status: string;
      sections: string[];
      export_sha256: string | null;
      recorded_at: Date;
    }[] = await this.db.query(
      `SELECT * FROM dp_access_requests WHERE ($1::uuid IS NULL OR case_id = $1) ORDER BY recorded_at DESC LIMIT $2`,
      [caseId ?? null, limit],
    );
    return rows.map((r) => ({
      requestId: r.id,
      caseId: r.case_id,
      memberId: r.member_id,
      requestedBy: r.requested_by,
      channel: r.channel,
      status: r.status,
      sections: r.sections,
      exportSha256: r.export_sha256,
      recordedAt: iso(r.recorded_at)!,
    }));
  }

  /**
   * Records a correction and applies it to the person's identity record in one transaction (AVRR.md §13 principle
   * 3): the `individuals` column, the name search rows when a name changed, the phone's digits, and the reporting
   * read model's copy of a date of birth or a nationality. The dp_corrections rows are the history: before the
   * first correction of a field (or when the record no longer holds the last corrected value) the value it replaces
   * is sealed as a row of its own (source REGISTRATION, or IDENTITY_RECORD). Null when the member is not part of the
   * case. `value` is already in its normal form (the service checked it).
   */
  async recordCorrection(
    c: Omit<CorrectionRecord, 'correctionId' | 'recordedAt' | 'field'> & { field: CorrectableField },
  ): Promise<CorrectionRecord | null> {
    return this.db.transaction(async (tx) => {
      const column = columnOf(c.field, c.basis);
      // The person's row, locked: two corrections of one person apply one after the other.
      const [person]: { individual_id: string; current: string | null }[] = await tx.query(
        `SELECT i.id AS individual_id,
                CASE WHEN $3 = 'date_of_birth' THEN to_char(i.date_of_birth, 'YYYY-MM-DD')
                     ELSE (to_jsonb(i) ->> $3) END AS current
           FROM case_members m JOIN individuals i ON i.id = m.individual_id
          WHERE m.case_id = $1 AND m.id = $2
            FOR UPDATE OF i`,
        [c.caseId, c.memberId, column],
      );
      if (!person) return null;
      await this.keepValueBefore(tx, c, person.current);
      const rows: { id: string; recorded_at: Date }[] = await tx.query(
        `INSERT INTO dp_corrections (case_id, member_id, field, value_sealed, basis, source, requested_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id, recorded_at`,
        [c.caseId, c.memberId, c.field, this.cipher.encrypt(c.value), c.basis, c.source, c.requestedBy],
      );
      await this.applyToIdentity(tx, c, person.individual_id, column);
      return { ...c, correctionId: String(rows[0].id), recordedAt: iso(rows[0].recorded_at)! };
    });
  }

  /** Seals the value a correction replaces, unless the history's last row of that field already holds it. */
  private async keepValueBefore(
    tx: EntityManager,
    c: {
      caseId: string;
      memberId: string;
      field: CorrectableField;
      basis: 'DECLARED' | 'CONFIRMED';
      requestedBy: string;
    },
    current: string | null,
  ): Promise<void> {
    if (current === null || current.trim() === '') return;
    // A nationality has two histories (declared, confirmed); the other fields one.
    const [last]: { value_sealed: string }[] = await tx.query(
      `SELECT value_sealed FROM dp_corrections
        WHERE case_id = $1 AND member_id = $2 AND field = $3 AND ($4::text IS NULL OR basis = $4)
        ORDER BY id DESC LIMIT 1`,
      [c.caseId, c.memberId, c.field, c.field === 'nationality' ? c.basis : null],
    );
    if (last && last.value_sealed && this.cipher.decrypt(last.value_sealed) === current) return;
    await tx.query(
      `INSERT INTO dp_corrections (case_id, member_id, field, value_sealed, basis, source, requested_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [
        c.caseId,
        c.memberId,
        c.field,
        this.cipher.encrypt(current),
        c.field === 'nationality' ? c.basis : 'DECLARED',
        last ? VALUE_BEFORE_CORRECTION.later : VALUE_BEFORE_CORRECTION.first,
        c.requestedBy,
      ],
    );
  }

  private async applyToIdentity(
    tx: EntityManager,
    c: { caseId: string; memberId: string; field: CorrectableField; value: string },
    individualId: string,
    column: string,
  ): Promise<void> {
    // `column` comes from columnOf (a fixed list), never from the request.
    switch (c.field) {
      case 'dateOfBirth':
        await tx.query(
          `UPDATE individuals SET date_of_birth = $2::date, date_of_birth_estimated = false,
             date_of_birth_corrected = true WHERE id = $1`,
          [individualId, c.value],
        );
        await updateReportIndividual(
          tx,
          'UPDATE report_individuals r SET date_of_birth = $3::date WHERE r.case_id = $1 AND r.member_id = $2',
          [c.caseId, c.memberId, c.value],
        );
        return;
      case 'phone':
        await tx.query('UPDATE individuals SET phone = $2, phone_digits = $3 WHERE id = $1', [
          individualId,
          c.value,
          phoneDigits(c.value),
        ]);
        return;
      case 'nationality':
        await tx.query(`UPDATE individuals SET ${column} = $2 WHERE id = $1`, [individualId, c.value]);
        await updateReportIndividual(
          tx,
          `UPDATE report_individuals r SET nationality = coalesce(i.nationality_confirmed, i.nationality_declared)
             FROM individuals i WHERE i.id = $3 AND r.case_id = $1 AND r.member_id = $2`,
          [c.caseId, c.memberId, individualId],
        );
        return;
      default:
        await tx.query(`UPDATE individuals SET ${column} = $2 WHERE id = $1`, [individualId, c.value]);
    }
    if (c.field === 'givenName' || c.field === 'familyName') {
      const [names]: { given_name: string; family_name: string; aliases: string[] }[] = await tx.query(
        'SELECT given_name, family_name, aliases FROM individuals WHERE id = $1',
        [individualId],
      );
      // The search rows follow the record: the replaced spelling is still in the history, not in the search.
      await tx.query('DELETE FROM individual_search_terms WHERE individual_id = $1', [individualId]);
      await tx.query(
        `INSERT INTO individual_search_terms (individual_id, term) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
        [
          individualId,
          nameTermsOf({ givenName: names.given_name, familyName: names.family_name, aliases: names.aliases }),
        ],
      );
    }
  }

  /** Every correction of a case (or of one member), oldest first: the history is kept. */
  async corrections(caseId: string, memberId?: string): Promise<CorrectionRecord[]> {
    const rows: {
      id: string;
      case_id: string;
      member_id: string;
      field: string;
      value_sealed: string;
      basis: 'DECLARED' | 'CONFIRMED';
      source: string;
      requested_by: string;
      recorded_at: Date;
    }[] = await this.db.query(
      `SELECT * FROM dp_corrections WHERE case_id = $1 AND ($2::uuid IS NULL OR member_id = $2) ORDER BY id`,
      [caseId, memberId ?? null],
    );
    return rows.map((r) => ({
      correctionId: String(r.id),
      caseId: r.case_id,
      memberId: r.member_id,
      field: r.field,
      // Empty once retention erased the value.
      value: r.value_sealed ? this.cipher.decrypt(r.value_sealed) : '',
      basis: r.basis,
      source: r.source,
      requestedBy: r.requested_by,
      recordedAt: iso(r.recorded_at)!,
    }));
  }

  async recordIncident(i: Omit<IncidentRecord, 'recordedAt'>): Promise<IncidentRecord> {
    const rows: { recorded_at: Date }[] = await this.db.query(
      `INSERT INTO dp_incidents (id, kind, severity, case_id, occurred_at, description_sealed, containment, reported_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING recorded_at`,
      [
        i.incidentId,
        i.kind,
        i.severity,
        i.caseId,
        i.occurredAt,
        this.cipher.encrypt(i.description),
        i.containment,
        i.reportedBy,
      ],
    );
    return { ...i, recordedAt: iso(rows[0].recorded_at)! };
  }

  async incidents(limit = 200): Promise<IncidentRecord[]> {
    const rows: {
      id: string;
      kind: string;
      severity: 'LOW' | 'MEDIUM' | 'HIGH';
      case_id: string | null;
      occurred_at: Date;
      description_sealed: string;
      containment: string | null;
      reported_by: string;
      recorded_at: Date;
    }[] = await this.db.query('SELECT * FROM dp_incidents ORDER BY recorded_at DESC LIMIT $1', [limit]);
    return rows.map((r) => ({
      incidentId: r.id,
      kind: r.kind,
      severity: r.severity,
      caseId: r.case_id,
      occurredAt: iso(r.occurred_at)!,
      // Emptied by retention once the case's data was erased: the incident stays, its story goes.
      description: r.description_sealed ? this.cipher.decrypt(r.description_sealed) : '',
      containment: r.containment,
      reportedBy: r.reported_by,
      recordedAt: iso(r.recorded_at)!,
    }));
  }

  /** The special-category read log across cases, newest first (the focal point's oversight). */
  async specialCategoryReads(
    limit = 200,
  ): Promise<{ caseId: string; userId: string; role: string; via: string; categories: string[]; readAt: string }[]> {
    const rows: { case_id: string; user_id: string; role: string; via: string; categories: string[]; read_at: Date }[] =
      await this.db.query(
        'SELECT case_id, user_id, role, via, categories, read_at FROM special_category_reads ORDER BY read_at DESC, id DESC LIMIT $1',
        [limit],
      );
    return rows.map((r) => ({
      caseId: r.case_id,
      userId: r.user_id,
      role: r.role,
      via: r.via,
      categories: r.categories,
      readAt: iso(r.read_at)!,
    }));
  }

  /** Everything the case's audit trail holds (events decrypted), for an access request. */
  async auditOf(
    caseId: string,
  ): Promise<{ version: number; commandType: string; recordedAt: string; events: unknown[] }[]> {
    const rows: {
      version: number;
      command_type: string;
      recorded_at: Date;
      events_sealed: string | null;
      events: unknown[];
    }[] = await this.db.query(
      'SELECT version, command_type, recorded_at, events_sealed, events FROM case_events WHERE case_id = $1 ORDER BY version',
      [caseId],
    );
    return rows.map((r) => ({
      version: r.version,
      commandType: r.command_type,
      recordedAt: iso(r.recorded_at)!,
      events: r.events_sealed ? this.cipher.decryptJson<unknown[]>(r.events_sealed) : r.events,
    }));
  }
}
