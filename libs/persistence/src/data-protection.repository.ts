import type { DataItem, DerivedTransfer, RecipientKind, TransferStatus } from '@avrr/domain';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ColumnCipher } from './column-cipher';

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

  async recordCorrection(c: Omit<CorrectionRecord, 'correctionId' | 'recordedAt'>): Promise<CorrectionRecord> {
    const rows: { id: string; recorded_at: Date }[] = await this.db.query(
      `INSERT INTO dp_corrections (case_id, member_id, field, value_sealed, basis, source, requested_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id, recorded_at`,
      [c.caseId, c.memberId, c.field, this.cipher.encrypt(c.value), c.basis, c.source, c.requestedBy],
    );
    return { ...c, correctionId: String(rows[0].id), recordedAt: iso(rows[0].recorded_at)! };
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
