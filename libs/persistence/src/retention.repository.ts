import {
  anonymisedView,
  NEUTRAL_TASK_KIND,
  retainedAuditEvents,
  RETENTION_CATEGORIES,
  type CaseEvent,
  type CaseView,
  type RetentionCaseFacts,
  type RetentionCategory,
  type RetentionCounts,
  WITHHELD,
} from '@avrr/domain';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ColumnCipher } from './column-cipher';

/** An ended case the retention job looks at. */
export interface RetentionCandidate extends RetentionCaseFacts {
  caseId: string;
  reference: string;
}

/** Rows touched per store, for the run's report (counts only, never what they held). */
export type RetentionStoreCounts = Record<string, number>;

export type RetentionRunStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

export interface RetentionRun {
  id: string;
  dryRun: boolean;
  trigger: 'schedule' | 'operator';
  requestedBy: string | null;
  requestedRole: string | null;
  status: RetentionRunStatus;
  asOf: string;
  total: number;
  processed: number;
  counts: Partial<RetentionCounts>;
  stores: RetentionStoreCounts;
  anonymised: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface RunRow {
  id: string;
  dry_run: boolean;
  trigger: 'schedule' | 'operator';
  requested_by: string | null;
  requested_role: string | null;
  status: RetentionRunStatus;
  as_of: Date;
  total: number;
  processed: number;
  counts: Partial<RetentionCounts>;
  stores: RetentionStoreCounts;
  anonymised: number;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

function toRun(r: RunRow): RetentionRun {
  return {
    id: r.id,
    dryRun: r.dry_run,
    trigger: r.trigger,
    requestedBy: r.requested_by,
    requestedRole: r.requested_role,
    status: r.status,
    asOf: iso(r.as_of)!,
    total: r.total,
    processed: r.processed,
    counts: r.counts,
    stores: r.stores,
    anonymised: r.anonymised,
    error: r.error,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

/** Adds a statement's row count to `stores[name]`. */
async function count(
  tx: EntityManager,
  stores: RetentionStoreCounts,
  name: string,
  sql: string,
  params: unknown[],
): Promise<void> {
  const result: unknown = await tx.query(sql, params);
  // node-postgres through TypeORM: [rows, rowCount] for UPDATE/DELETE.
  const n = Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  stores[name] = (stores[name] ?? 0) + n;
}

/**
 * Retention in PostgreSQL (issue 11 item 4): the ended cases and what was erased of them, the runs of the job, and the
 * erasure itself, one case per transaction. What each category takes away:
 * - IDENTITY_CONTACT: names, aliases, phone (and its digits), e-mail, address, the exact date of birth (the year
 *   stays, marked estimated), the name search terms, the idempotency records (they held a copy of the household),
 *   the notifications about the case, the values of the focal point's corrections (dp_corrections keeps who corrected
 *   which field when).
 * - SPECIAL_CATEGORY: the sealed special-category columns of the people and of the case view.
 * - CASE_MANAGEMENT: the free-text parts of the case view, the case's reminders, deliveries and pending commands, its
 *   tasks (one with a reassignment log stays, without subject or member, its kind and command neutral: a kept "VoT
 *   risk assessment" would still tell of a VoT finding). Transfers, access requests and assignments hold ids and codes
 *   only and stay, as the record of what was sent and done.
 * - IDENTITY_CONTACT or CASE_MANAGEMENT, whichever goes first: the free-text description of the data protection
 *   incidents tied to the case (it tells what happened to whom); the incident stays with its kind, severity, dates and
 *   containment code.
 * - Each category also narrows the sealed audit events to what the retained topics show (retainedAuditEvents).
 * Reports are not touched: their rows hold no name, and the aggregates must not change.
 */
@Injectable()
export class RetentionRepository {
  private readonly cipher: ColumnCipher;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cipher = new ColumnCipher(config.piiKey);
  }

  /** Ended cases with a category not yet erased, oldest end first. */
  async candidates(): Promise<RetentionCandidate[]> {
    const rows: {
      id: string;
      reference: string;
      stage: CaseView['stage'];
      closed_at: Date | null;
      withdrawn_at: string | null;
      cancelled_at: string | null;
      erased: string[] | null;
    }[] = await this.db.query(
      `SELECT c.id, c.reference, c.stage, c.closed_at, c.view->>'withdrawnAt' AS withdrawn_at,
              c.view->>'cancelledAt' AS cancelled_at, r.erased
         FROM cases c LEFT JOIN case_retention r ON r.case_id = c.id
        WHERE c.stage IN ('CLOSED', 'WITHDRAWN', 'CANCELLED')
          AND coalesce(cardinality(r.erased), 0) < $1
        ORDER BY coalesce(c.closed_at, c.updated_at), c.id`,
      [RETENTION_CATEGORIES.length],
    );
    return rows.map((r) => ({
      caseId: r.id,
      reference: r.reference,
      stage: r.stage,
      ...(r.closed_at ? { closedAt: new Date(r.closed_at).toISOString() } : {}),
      ...(r.withdrawn_at ? { withdrawnAt: r.withdrawn_at } : {}),
      ...(r.cancelled_at ? { cancelledAt: r.cancelled_at } : {}),
      erased: (r.erased ?? []) as RetentionCategory[],
    }));
  }

  /** When the case was anonymised, or null (also for an unknown case). */
  async anonymisedAt(caseId: string): Promise<string | null> {
    const [row]: { anonymised_at: Date | null }[] = await this.db.query(
      'SELECT anonymised_at FROM case_retention WHERE case_id = $1',
      [caseId],
    );
    return iso(row?.anonymised_at ?? null);
  }

  /**
   * Erases `categories` of one case in one transaction and records it; returns the rows touched per store. Idempotent:
   * erasing again finds nothing more to change.
   */
  async erase(
    caseId: string,
    erasedBefore: readonly RetentionCategory[],
    categories: readonly RetentionCategory[],
    anonymise: boolean,
    runId: string,
  ): Promise<RetentionStoreCounts> {
    const stores: RetentionStoreCounts = {};
    const erased = [...new Set([...erasedBefore, ...categories])];
    await this.db.transaction(async (tx) => {
      const members = `SELECT individual_id FROM case_members WHERE case_id = $1`;
      if (categories.includes('IDENTITY_CONTACT')) {
        await count(
          tx,
          stores,
          'individuals',
          `UPDATE individuals SET given_name = '', family_name = '', aliases = '{}', phone = NULL, phone_digits = NULL,
             email = NULL, address = NULL, date_of_birth = date_trunc('year', date_of_birth)::date,
             date_of_birth_estimated = true
           WHERE id IN (${members})`,
          [caseId],
        );
        await count(
          tx,
          stores,
          'individual_search_terms',
          `DELETE FROM individual_search_terms WHERE individual_id IN (${members})`,
          [caseId],
        );
        await count(
          tx,
          stores,
          'individual_document_digests',
          `DELETE FROM individual_document_digests WHERE individual_id IN (${members})`,
          [caseId],
        );
        await count(tx, stores, 'idempotency_keys', 'DELETE FROM idempotency_keys WHERE resource_id = $1', [caseId]);
        await count(tx, stores, 'notifications', 'DELETE FROM notifications WHERE case_id = $1', [caseId]);
        // The focal point's corrections hold corrected identity values (sealed): the values go, the history of who
        // corrected which field when stays (the table is append-only except for this, under avrr.retention).
        await tx.query(`SET LOCAL avrr.retention = 'on'`);
        await count(
          tx,
          stores,
          'dp_corrections',
          `UPDATE dp_corrections SET value_sealed = '' WHERE case_id = $1 AND value_sealed <> ''`,
          [caseId],
        );
      }
      if (categories.includes('SPECIAL_CATEGORY')) {
        await count(
          tx,
          stores,
          'individuals_special_category',
          `UPDATE individuals SET special_category_enc = NULL WHERE id IN (${members}) AND special_category_enc IS NOT NULL`,
          [caseId],
        );
        await count(
          tx,
          stores,
          'cases_special_category',
          'UPDATE cases SET view_sensitive = NULL WHERE id = $1 AND view_sensitive IS NOT NULL',
          [caseId],
        );
      }
      if (categories.includes('CASE_MANAGEMENT')) {
        const [row]: { view: CaseView }[] = await tx.query('SELECT view FROM cases WHERE id = $1', [caseId]);
        if (row)
          await count(tx, stores, 'cases', 'UPDATE cases SET view = $2 WHERE id = $1', [
            caseId,
            JSON.stringify(anonymisedView(row.view)),
          ]);
        await count(tx, stores, 'reminder_deliveries', 'DELETE FROM reminder_deliveries WHERE case_id = $1', [caseId]);
        await count(tx, stores, 'reminders', 'DELETE FROM reminders WHERE case_id = $1', [caseId]);
        await count(tx, stores, 'pending_commands', 'DELETE FROM pending_commands WHERE case_id = $1', [caseId]);
        // Tasks: a task with a reassignment in its (append-only) log stays, keyed by its id, with no subject or
        // member left; the others go.
        await count(
          tx,
          stores,
          'tasks',
          `DELETE FROM tasks t WHERE t.case_id = $1 AND NOT EXISTS (SELECT 1 FROM task_events e WHERE e.task_id = t.id)`,
          [caseId],
        );
        await count(
          tx,
          stores,
          'tasks_reassigned',
          `UPDATE tasks SET subject = '', member_id = NULL, task_key = 'erased.' || id::text, kind = $2, command = $3,
                  suggested_action = NULL
            WHERE case_id = $1 AND (task_key <> 'erased.' || id::text OR kind <> $2)`,
          [caseId, NEUTRAL_TASK_KIND, WITHHELD],
        );
      }
      if (categories.includes('IDENTITY_CONTACT') || categories.includes('CASE_MANAGEMENT')) {
        await tx.query(`SET LOCAL avrr.retention = 'on'`);
        await count(
          tx,
          stores,
          'dp_incidents',
          `UPDATE dp_incidents SET description_sealed = '' WHERE case_id = $1 AND description_sealed <> ''`,
          [caseId],
        );
      }
      if (categories.length) {
        // The audit trail's sealed events, narrowed to what the retained topics show; the trigger lets only this
        // column change, and only inside this transaction.
        await tx.query(`SET LOCAL avrr.retention = 'on'`);
        const audit: { id: string; events_sealed: string }[] = await tx.query(
          'SELECT id, events_sealed FROM case_events WHERE case_id = $1',
          [caseId],
        );
        for (const a of audit) {
          const events = this.cipher.decryptJson<CaseEvent[]>(a.events_sealed);
          const kept = retainedAuditEvents(events, erased);
          if (JSON.stringify(kept) === JSON.stringify(events)) continue;
          await count(tx, stores, 'case_events', 'UPDATE case_events SET events_sealed = $2 WHERE id = $1', [
            a.id,
            this.cipher.encryptJson(kept),
          ]);
        }
      }
      await tx.query(
        `INSERT INTO case_retention (case_id, erased, anonymised_at, last_run_id, updated_at)
         VALUES ($1, $2, CASE WHEN $3::boolean THEN now() END, $4, now())
         ON CONFLICT (case_id) DO UPDATE SET erased = EXCLUDED.erased,
           anonymised_at = coalesce(case_retention.anonymised_at, EXCLUDED.anonymised_at),
           last_run_id = EXCLUDED.last_run_id, updated_at = now()`,
        [caseId, erased, anonymise, runId],
      );
    });
    return stores;
  }

  async createRun(run: {
    id: string;
    dryRun: boolean;
    trigger: 'schedule' | 'operator';
    requestedBy?: string;
    requestedRole?: string;
    asOf: string;
  }): Promise<RetentionRun> {
    const [row]: RunRow[] = await this.db.query(
      `INSERT INTO retention_runs (id, dry_run, trigger, requested_by, requested_role, status, as_of)
       VALUES ($1, $2, $3, $4, $5, 'QUEUED', $6) ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id RETURNING *`,
      [run.id, run.dryRun, run.trigger, run.requestedBy ?? null, run.requestedRole ?? null, run.asOf],
    );
    return toRun(row);
  }

  async startRun(id: string, total: number): Promise<void> {
    await this.db.query(
      `UPDATE retention_runs SET status = 'RUNNING', total = $2, processed = 0, started_at = now() WHERE id = $1`,
      [id, total],
    );
  }

  async progress(
    id: string,
    processed: number,
    counts: RetentionCounts,
    stores: RetentionStoreCounts,
    anonymised: number,
  ): Promise<void> {
    await this.db.query(
      `UPDATE retention_runs SET processed = $2, counts = $3, stores = $4, anonymised = $5 WHERE id = $1`,
      [id, processed, JSON.stringify(counts), JSON.stringify(stores), anonymised],
    );
  }

  async finishRun(id: string, error?: string): Promise<void> {
    await this.db.query(`UPDATE retention_runs SET status = $2, error = $3, finished_at = now() WHERE id = $1`, [
      id,
      error ? 'FAILED' : 'DONE',
      error?.slice(0, 200) ?? null,
    ]);
  }

  async run(id: string): Promise<RetentionRun | null> {
    const [row]: RunRow[] = await this.db.query('SELECT * FROM retention_runs WHERE id = $1', [id]);
    return row ? toRun(row) : null;
  }

  async runs(limit: number): Promise<RetentionRun[]> {
    const rows: RunRow[] = await this.db.query('SELECT * FROM retention_runs ORDER BY created_at DESC LIMIT $1', [
      limit,
    ]);
    return rows.map(toRun);
  }
}
