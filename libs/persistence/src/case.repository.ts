import {
  joinSpecialCategories,
  RECEIVING_OFFICE_SCOPE_STAGES,
  splitSpecialCategories,
  transfersOfChange,
  type CaseChange,
  type CaseView,
  type CaseWorkFacts,
  type ReportCaseFacts,
  type SpecialCategoryFacts,
  type Stage,
} from '@avrr/domain';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ColumnCipher } from './column-cipher';
import {
  DesiredReminder,
  ReminderSync,
  reminderSyncOf,
  ReminderSyncRow,
  reminderSyncStatement,
} from './reminder.repository';
import { projectReportFacts } from './report-facts.statements';
import { DesiredTask, syncTasksAndAssignment } from './task-sync.statements';
import { transferInsert } from './data-protection.repository';

/**
 * The sealed column holds the view's special-category facts as the domain defines them; rows sealed before transit
 * incidents existed hold the members' part only (an array).
 */
type SealedView = SpecialCategoryFacts | SpecialCategoryFacts['members'];

/**
 * What of an event may sit in clear in the audit table (D0: its type, hold type, member id and time); the whole event
 * is sealed beside it. Monitoring queries (hold periods for SLA pauses) read the clear part.
 */
function operationalFacts(event: CaseChange['events'][number]): Record<string, unknown> {
  const e = event as unknown as Record<string, unknown>;
  return {
    type: e.type,
    ...(e.hold ? { hold: e.hold } : {}),
    ...(e.memberId ? { memberId: e.memberId } : {}),
    ...(e.effectiveAt ? { effectiveAt: e.effectiveAt } : {}),
    ...(e.to ? { to: e.to } : {}),
  };
}

function joinView(open: CaseView, sealed: SealedView | null): CaseView {
  if (!sealed) return open;
  return joinSpecialCategories(open, Array.isArray(sealed) ? { members: sealed } : sealed);
}

/** Who is asking: scopes every read so an out-of-scope case is indistinguishable from a missing one. */
export interface CaseScope {
  /** Host office whose cases are visible (pre-departure and after). */
  hostOffice?: string;
  /** Receiving office: cases handed over to it (from ARRIVED on). */
  receivingOffice?: string;
  /** Organisation-wide read (operations staff: D0 only, shaped by the API). */
  all?: boolean;
}

/**
 * A search of the cases by what identifies them: `reference` (upper case) matches exactly or as a prefix; `words`
 * (normalised by search-terms.ts) each match the start of a word of one member's names; `dateOfBirth` a member's
 * exact recorded date of birth (not an estimated one); `phoneDigits` the last digits of a member's phone. `reference`
 * and `words` are alternatives (the console's one search box); every other criterion must hold, and the personal
 * criteria for one and the same member.
 */
export interface CaseSearch {
  reference?: string;
  words?: string[];
  dateOfBirth?: string;
  phoneDigits?: string;
}

/** The work a role has open: `entries` ('role:CommandType') any of which counts, except those barred to `userId`. */
export interface AwaitingFilter {
  entries: string[];
  userId: string;
}

export interface CaseListFilter {
  stage?: Stage;
  office?: string;
  countryOfOrigin?: string;
  search?: CaseSearch;
  awaiting?: AwaitingFilter;
  /** The user assigned to the case as its officer or counterpart. */
  assignee?: string;
  limit: number;
  after?: { openedAt: string; id: string };
}

export interface CaseRow {
  id: string;
  reference: string;
  stage: Stage;
  version: number;
  hostOffice: string;
  countryOfOrigin: string;
  receivingOffice: string | null;
  programme: string | null;
  referralSource: string;
  memberCount: number;
  adultCount: number;
  childCount: number;
  vulnerable: boolean;
  holds: string[];
  openedAt: string;
  stageEnteredAt: string;
  updatedAt: string;
  closedAt: string | null;
  closureReason: string | null;
  /** The monitor's last SLA evaluation (OK, ALERT, ESCALATE, PAUSED, NONE); null before its first scan of the case. */
  slaState: string | null;
  /** Work entries 'role:CommandType' and their exceptions 'CommandType:userId' (CaseWorkFacts). */
  awaiting: string[];
  awaitingExcept: string[];
  nextDeadline: CaseWorkFacts['nextDeadline'];
  view: CaseView;
}

export interface AuditRow {
  version: number;
  commandId: string;
  commandType: string;
  actorId: string;
  actorRole: string;
  effectiveAt: string;
  recordedAt: string;
  fromStage: string;
  toStage: string;
  events: unknown[];
}

/** A row of `cases` (`SELECT *`), as node-postgres returns it. `view` is the open part; the rest is sealed. */
interface CasesRow {
  id: string;
  reference: string;
  stage: Stage;
  version: number;
  host_office: string;
  country_of_origin: string;
  receiving_office: string | null;
  programme: string | null;
  referral_source: string;
  member_count: number;
  adult_count: number;
  child_count: number;
  vulnerable: boolean;
  holds: string[];
  opened_at: Date;
  stage_entered_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  closure_reason: string | null;
  view: CaseView;
  view_sensitive: string | null;
  sla_state: string | null;
  awaiting: string[];
  awaiting_except: string[];
  next_deadline: CaseWorkFacts['nextDeadline'];
}

/** Writes the nationalities a change recorded (NationalityRecorded) to the members' identity records. */
async function recordNationalities(tx: EntityManager, caseId: string, events: CaseChange['events']): Promise<void> {
  for (const e of events) {
    if (e.type !== 'NationalityRecorded') continue;
    const column = e.status === 'CONFIRMED' ? 'nationality_confirmed' : 'nationality_declared';
    await tx.query(
      `UPDATE individuals i SET ${column} = $3 FROM case_members m
        WHERE m.case_id = $1 AND m.id::text = $2 AND i.id = m.individual_id`,
      [caseId, e.memberId, e.nationality],
    );
  }
}

/** A row of `case_events` (`SELECT *`); `events` holds the clear operational facts, `events_sealed` the events. */
interface CaseEventRow {
  id: string;
  case_id: string;
  version: number;
  command_id: string;
  command_type: string;
  actor_id: string;
  actor_role: string;
  effective_at: Date;
  recorded_at: Date;
  from_stage: string;
  to_stage: string;
  events: Record<string, unknown>[];
  events_sealed: string;
}

/** A row of `special_category_reads`, as specialCategoryReads selects it. */
interface SpecialCategoryReadRow {
  user_id: string;
  role: string;
  via: string;
  categories: string[];
  read_at: Date;
}

/** What locate selects of a case (and the `c` part of beginCommand's statements). */
interface LocateRow {
  reference: string;
  country_of_origin: string;
  stage: Stage;
  version: number;
}

/** beginCommand's row: with an Idempotency-Key, the claim and the earlier claim's hash come along. */
interface BeginCommandRow extends LocateRow {
  claimed?: number;
  prior_hash?: string | null;
}

/** failingProjections: per case, the oldest pending command, the most attempts and the latest error. */
interface FailingProjectionRow {
  case_id: string;
  since: Date;
  attempts: number;
  last_error: string | null;
}

/** pendingCommands: per case, its pending command ids and the oldest one's time. */
interface PendingCommandsRow {
  case_id: string;
  command_ids: string[];
  oldest: Date;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

function toRow(r: CasesRow, cipher: ColumnCipher): CaseRow {
  return {
    id: r.id,
    reference: r.reference,
    stage: r.stage,
    version: r.version,
    hostOffice: r.host_office,
    countryOfOrigin: r.country_of_origin,
    receivingOffice: r.receiving_office,
    programme: r.programme,
    referralSource: r.referral_source,
    memberCount: r.member_count,
    adultCount: r.adult_count,
    childCount: r.child_count,
    vulnerable: r.vulnerable,
    holds: r.holds,
    openedAt: iso(r.opened_at)!,
    stageEnteredAt: iso(r.stage_entered_at)!,
    updatedAt: iso(r.updated_at)!,
    closedAt: iso(r.closed_at),
    closureReason: r.closure_reason,
    slaState: r.sla_state,
    awaiting: r.awaiting ?? [],
    awaitingExcept: r.awaiting_except ?? [],
    nextDeadline: r.next_deadline ?? null,
    view: joinView(r.view, r.view_sensitive ? cipher.decryptJson<SealedView>(r.view_sensitive) : null),
  };
}

/** Builds the SQL condition of a scope; parameters are appended to `params`. */
export function scopeSql(scope: CaseScope, params: unknown[]): string {
  if (scope.all) return 'true';
  const parts: string[] = [];
  if (scope.hostOffice) {
    params.push(scope.hostOffice);
    parts.push(`host_office = $${params.length}`);
  }
  if (scope.receivingOffice) {
    params.push(scope.receivingOffice, RECEIVING_OFFICE_SCOPE_STAGES);
    parts.push(`(receiving_office = $${params.length - 1} AND stage = ANY($${params.length}))`);
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

/** Conditions on one member of the case (`m` case_members, `i` individuals); appends to `params`. */
function memberSql(conditions: string[]): string {
  return `EXISTS (SELECT 1 FROM case_members m JOIN individuals i ON i.id = m.individual_id
     WHERE m.case_id = cases.id AND ${conditions.join(' AND ')})`;
}

/** The SQL condition of a search (see CaseSearch); parameters are appended to `params`. */
function searchSql(search: CaseSearch, params: unknown[]): string {
  const personal: string[] = [];
  if (search.dateOfBirth) {
    params.push(search.dateOfBirth);
    personal.push(`i.date_of_birth = $${params.length}::date AND NOT i.date_of_birth_estimated`);
  }
  if (search.phoneDigits) {
    // Digits only (the caller normalised them), so no LIKE wildcard; the index on reverse(phone_digits) serves it.
    params.push(search.phoneDigits);
    personal.push(`reverse(i.phone_digits) LIKE reverse($${params.length}) || '%'`);
  }
  const alternatives: string[] = [];
  if (search.reference) {
    params.push(search.reference);
    const ref = params.length;
    // A reference holds letters, digits and hyphens only (the caller checked): no LIKE wildcard in it.
    alternatives.push(
      `(reference = $${ref} OR reference LIKE $${ref} || '%')${personal.length ? ` AND ${memberSql(personal)}` : ''}`,
    );
  }
  if (search.words?.length) {
    const names = search.words.map((w) => {
      params.push(w);
      return `EXISTS (SELECT 1 FROM individual_search_terms t WHERE t.individual_id = i.id AND t.term LIKE $${params.length} || '%')`;
    });
    alternatives.push(memberSql([...names, ...personal]));
  }
  if (alternatives.length) return `(${alternatives.join(' OR ')})`;
  return personal.length ? memberSql(personal) : 'true';
}

@Injectable()
export class CaseRepository {
  private readonly cipher: ColumnCipher;
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cipher = new ColumnCipher(config.piiKey);
  }

  /**
   * Writes one committed change in one transaction: its audit row, the read model, the case's reminder rows (when
   * `reminders` is given: what they should be now, planned before from the same change) and clears the command's
   * pending mark. Idempotent on (case id, version). One staleness check: the read model's version guard. When this
   * version is not newer than the read model's (a retry, or a newer version projected first), only the audit row is
   * written (once) and the reminders stay as the newer version left them (`latest` false, `reminders.stale`).
   * `work` (the work queue and next deadline from the workflow's state) is written in the same statement; without it
   * (a result recorded before it existed) the row keeps what it had. `report` (the reporting facts of this version,
   * libs/domain reportFactsOf) replaces the case's rows in the reporting read model when this version is the newest;
   * without it (a result recorded before it existed) they stay as they are until the next change.
   */
  async project(
    view: CaseView,
    change: CaseChange,
    reminders?: DesiredReminder[],
    work?: CaseWorkFacts,
    report?: ReportCaseFacts,
    tasks?: DesiredTask[],
  ): Promise<{ latest: boolean; reminders?: ReminderSync }> {
    const members = view.members;
    const { open, special: sensitive } = splitSpecialCategories(view);
    const adults = members.filter((m) => !m.isChild).length;
    return this.db.transaction(async (tx) => {
      // The audit row and the read model in one statement (one round trip): the audit insert runs as a CTE.
      const upserted: unknown[] = await tx.query(
        `WITH audit AS (
           INSERT INTO case_events (case_id, version, command_id, command_type, actor_id, actor_role, effective_at,
             recorded_at, from_stage, to_stage, events, events_sealed)
           VALUES ($1,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32) ON CONFLICT (case_id, version) DO NOTHING),
         projected AS (DELETE FROM pending_commands WHERE command_id = $23)
         INSERT INTO cases (id, reference, stage, version, host_office, country_of_origin, receiving_office, programme,
           referral_source, member_count, adult_count, child_count, vulnerable, holds, opened_at, stage_entered_at,
           updated_at, closed_at, closure_reason, view, view_sensitive, awaiting, awaiting_except, next_deadline)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,
           coalesce($33::text[], '{}'), coalesce($34::text[], '{}'), $35::jsonb)
         ON CONFLICT (id) DO UPDATE SET stage = EXCLUDED.stage, version = EXCLUDED.version,
           receiving_office = EXCLUDED.receiving_office, member_count = EXCLUDED.member_count,
           adult_count = EXCLUDED.adult_count, child_count = EXCLUDED.child_count, vulnerable = EXCLUDED.vulnerable,
           holds = EXCLUDED.holds, stage_entered_at = EXCLUDED.stage_entered_at, updated_at = EXCLUDED.updated_at,
           closed_at = EXCLUDED.closed_at, closure_reason = EXCLUDED.closure_reason, view = EXCLUDED.view,
           view_sensitive = EXCLUDED.view_sensitive,
           awaiting = coalesce($33::text[], cases.awaiting),
           awaiting_except = coalesce($34::text[], cases.awaiting_except),
           next_deadline = CASE WHEN $33::text[] IS NULL THEN cases.next_deadline ELSE $35::jsonb END
         WHERE cases.version < EXCLUDED.version
         RETURNING version`,
        [
          view.caseId,
          view.reference,
          view.stage,
          view.version,
          view.hostOffice,
          view.countryOfOrigin,
          view.receivingOffice ?? null,
          view.programme ?? null,
          view.referralSource,
          members.length,
          adults,
          members.length - adults,
          view.flags.vulnerable,
          view.holds.map((h) => h.type),
          view.openedAt,
          view.stageEnteredAt,
          view.updatedAt,
          view.closedAt ?? null,
          view.closureReason ?? null,
          JSON.stringify(open),
          this.cipher.encryptJson(sensitive),
          change.version,
          change.commandId,
          change.commandType,
          change.actor.userId,
          change.actor.role,
          change.effectiveAt,
          change.recordedAt,
          change.fromStage,
          change.toStage,
          JSON.stringify(change.events.map(operationalFacts)),
          this.cipher.encryptJson(change.events),
          work ? work.awaiting : null,
          work ? work.awaitingExcept : null,
          work?.nextDeadline ? JSON.stringify(work.nextDeadline) : null,
        ],
      );
      const latest = upserted.length > 0;
      // The transfers this change sent (libs/domain transfersOfChange), once per (case, version): written with the
      // audit row, so no command that sends data commits without its Transfer record.
      for (const t of transfersOfChange(view, change)) {
        const { sql, params } = transferInsert(t);
        await tx.query(sql, params);
      }
      // A nationality recorded on the case (declared at interview, or confirmed by a consulate) is identity: the
      // person's record holds it, before the reporting facts read it from there.
      if (latest) await recordNationalities(tx, view.caseId, change.events);
      if (latest && report) await projectReportFacts(tx, report, this.cipher);
      // Tasks and assignment (issue 10): only the newest version writes them, as the read model.
      if (latest && tasks) await syncTasksAndAssignment(tx, view.caseId, change, tasks);
      if (!reminders) return { latest };
      if (!latest) return { latest, reminders: { schedule: [], cancelled: [], stale: true } };
      // A statement of its own: the upsert above holds the case row's lock, so this one's snapshot sees what the
      // previous projection of this case wrote (READ COMMITTED takes a snapshot per statement).
      const { sql, params } = reminderSyncStatement(view.caseId, change.version, reminders, change.commandType);
      const [row]: ReminderSyncRow[] = await tx.query(sql, params);
      return { latest, reminders: reminderSyncOf(row, view.caseId, reminders) };
    });
  }

  /** Logs that a user was shown special-category data (D3) of a case: which categories, through which endpoint. */
  async recordSpecialCategoryRead(
    caseId: string,
    user: { id: string; role: string },
    via: string,
    categories: string[],
  ): Promise<void> {
    await this.db.query(
      'INSERT INTO special_category_reads (case_id, user_id, role, via, categories) VALUES ($1,$2,$3,$4,$5)',
      [caseId, user.id, user.role, via, categories],
    );
  }

  /** The log of D3 reads of a case, newest first. */
  async specialCategoryReads(
    caseId: string,
    limit = 200,
  ): Promise<{ userId: string; role: string; via: string; categories: string[]; readAt: string }[]> {
    const rows: SpecialCategoryReadRow[] = await this.db.query(
      'SELECT user_id, role, via, categories, read_at FROM special_category_reads WHERE case_id = $1 ORDER BY read_at DESC, id DESC LIMIT $2',
      [caseId, limit],
    );
    return rows.map((r) => ({
      userId: r.user_id,
      role: r.role,
      via: r.via,
      categories: r.categories,
      readAt: iso(r.read_at)!,
    }));
  }

  /**
   * The API's first step of a command, in one round trip: is the case in the caller's scope (else null), does the
   * read model already prove `expectedVersion` stale, the claim of the Idempotency-Key, and the command's pending mark
   * (so that a result Temporal commits is projected even if the API dies before it does; see `pendingCommands`).
   * A stale version claims nothing, unless it is the retry of a request already claimed (which Temporal answers).
   * `claim` is 'mismatch' when the key was used before for a different request (another hash).
   */
  async beginCommand(
    caseId: string,
    scope: CaseScope,
    command: { commandId: string; expectedVersion: number },
    key?: { scope: string; key: string; requestHash: string },
  ): Promise<{
    row: NonNullable<Awaited<ReturnType<CaseRepository['locate']>>>;
    claim: 'new' | 'same' | 'mismatch' | 'stale' | 'busy';
  } | null> {
    const params: unknown[] = [caseId];
    const inScope = scopeSql(scope, params);
    params.push(command.commandId, command.expectedVersion);
    const [cmd, expected] = [params.length - 1, params.length];
    let sql: string;
    if (key) {
      params.push(key.scope, key.key, key.requestHash);
      const [s, k, h] = [params.length - 2, params.length - 1, params.length];
      // The CTEs see the tables as they were before this statement: prior is the earlier claim, if any.
      sql = `WITH c AS (SELECT reference, country_of_origin, stage, version FROM cases WHERE id = $1 AND ${inScope}),
              prior AS (SELECT request_hash FROM idempotency_keys WHERE scope = $${s} AND key = $${k}),
              claimed AS (INSERT INTO idempotency_keys (scope, key, request_hash, resource_id)
                          SELECT $${s}, $${k}, $${h}, $1 FROM c WHERE c.version <= $${expected}
                          ON CONFLICT (scope, key) DO NOTHING RETURNING 1),
              pending AS (INSERT INTO pending_commands (command_id, case_id)
                          SELECT $${cmd}, $1 FROM c
                           WHERE EXISTS (SELECT 1 FROM claimed) OR EXISTS (SELECT 1 FROM prior WHERE request_hash = $${h})
                          ON CONFLICT (command_id) DO NOTHING)
         SELECT c.*, (SELECT count(*) FROM claimed)::int AS claimed, (SELECT request_hash FROM prior) AS prior_hash FROM c`;
    } else {
      sql = `WITH c AS (SELECT reference, country_of_origin, stage, version FROM cases WHERE id = $1 AND ${inScope}),
              pending AS (INSERT INTO pending_commands (command_id, case_id) SELECT $${cmd}, $1 FROM c WHERE c.version <= $${expected})
         SELECT c.* FROM c`;
    }
    const rows: BeginCommandRow[] = await this.db.query(sql, params);
    if (!rows.length) return null;
    const r = rows[0];
    const row = { reference: r.reference, countryOfOrigin: r.country_of_origin, stage: r.stage, version: r.version };
    if (!key) return { row, claim: row.version > command.expectedVersion ? 'stale' : 'new' };
    if (r.claimed) return { row, claim: 'new' };
    let prior: string | null = r.prior_hash ?? null;
    if (prior === null) {
      if (row.version > command.expectedVersion) return { row, claim: 'stale' };
      // A concurrent request claimed the key after this statement's snapshot was taken: read its claim now.
      prior =
        (
          await this.db.query('SELECT request_hash FROM idempotency_keys WHERE scope = $1 AND key = $2', [
            key.scope,
            key.key,
          ])
        )[0]?.request_hash ?? null;
      if (prior === null) return { row, claim: 'busy' }; // claimed and released meanwhile: try again
      if (prior === key.requestHash) await this.markPending(caseId, command.commandId);
    }
    return { row, claim: prior === key.requestHash ? 'same' : 'mismatch' };
  }

  /** Marks a command as sent to its case's workflow and not projected yet (idempotent). */
  async markPending(caseId: string, commandId: string): Promise<void> {
    await this.db.query(
      'INSERT INTO pending_commands (command_id, case_id) VALUES ($1, $2) ON CONFLICT (command_id) DO NOTHING',
      [commandId, caseId],
    );
  }

  /** The command did not reach the workflow, or the rules rejected it: nothing to project. */
  async clearPending(commandId: string): Promise<void> {
    await this.db.query('DELETE FROM pending_commands WHERE command_id = $1', [commandId]);
  }

  /** The commands of a case marked pending. */
  async pendingCommandIds(caseId: string): Promise<string[]> {
    const rows = await this.db.query('SELECT command_id FROM pending_commands WHERE case_id = $1 ORDER BY sent_at', [
      caseId,
    ]);
    return rows.map((r: { command_id: string }) => r.command_id);
  }

  /** A reconciliation of the case failed: counted and kept on its pending marks, for operations. */
  async recordPendingFailure(caseId: string, error: string): Promise<void> {
    await this.db.query(
      'UPDATE pending_commands SET attempts = attempts + 1, last_error = $2, last_attempt_at = now() WHERE case_id = $1',
      [caseId, error.slice(0, 500)],
    );
  }

  /** Cases whose pending commands failed to project `minAttempts` times or more (operations: PROJECTION_FAILING). */
  async failingProjections(
    minAttempts: number,
  ): Promise<{ caseId: string; since: string; attempts: number; lastFailure: string | null }[]> {
    const rows: FailingProjectionRow[] = await this.db.query(
      `SELECT case_id, min(sent_at) AS since, max(attempts) AS attempts, (array_agg(last_error ORDER BY last_attempt_at DESC NULLS LAST))[1] AS last_error
         FROM pending_commands GROUP BY case_id HAVING max(attempts) >= $1`,
      [minAttempts],
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      since: iso(r.since)!,
      attempts: r.attempts,
      lastFailure: r.last_error,
    }));
  }

  /** Cases with commands sent more than `olderThanMs` ago whose result is not projected, oldest first. */
  async pendingCommands(
    olderThanMs: number,
    limit: number,
  ): Promise<{ caseId: string; commandIds: string[]; oldestAt: string }[]> {
    const rows: PendingCommandsRow[] = await this.db.query(
      `SELECT case_id, array_agg(command_id ORDER BY sent_at) AS command_ids, min(sent_at) AS oldest
         FROM pending_commands WHERE sent_at < now() - ($1 * interval '1 millisecond')
        GROUP BY case_id ORDER BY oldest LIMIT $2`,
      [olderThanMs, limit],
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      commandIds: r.command_ids,
      oldestAt: iso(r.oldest)!,
    }));
  }

  /** The versions the audit trail holds for a case. */
  async auditedVersions(caseId: string): Promise<Set<number>> {
    const rows = await this.db.query('SELECT version FROM case_events WHERE case_id = $1', [caseId]);
    return new Set(rows.map((r: { version: number }) => r.version));
  }

  /** What a command needs to know of a case before it goes to the workflow: is it in the caller's scope, and where. */
  async locate(
    caseId: string,
    scope: CaseScope,
  ): Promise<{ reference: string; countryOfOrigin: string; stage: Stage; version: number } | null> {
    const params: unknown[] = [caseId];
    const rows: LocateRow[] = await this.db.query(
      `SELECT reference, country_of_origin, stage, version FROM cases WHERE id = $1 AND ${scopeSql(scope, params)}`,
      params,
    );
    return rows.length
      ? {
          reference: rows[0].reference,
          countryOfOrigin: rows[0].country_of_origin,
          stage: rows[0].stage,
          version: rows[0].version,
        }
      : null;
  }

  /**
   * Cases on their way to a receiving office (booked or departed, libs/domain INCOMING_STAGES), soonest departure
   * first: what its counterparts prepare the reception for.
   */
  async incoming(receivingOffice: string, stages: readonly Stage[], limit: number): Promise<CaseRow[]> {
    const rows: CasesRow[] = await this.db.query(
      `SELECT * FROM cases WHERE receiving_office = $1 AND stage = ANY($2)
        ORDER BY view->'booking'->>'departureDate' NULLS LAST, id LIMIT $3`,
      [receivingOffice, stages, limit],
    );
    return rows.map((r) => toRow(r, this.cipher));
  }

  /** Several cases by id, whatever the scope (the monitor's D0 facts: who a stuck case waits for, its last action). */
  async viewsByIds(ids: string[]): Promise<CaseRow[]> {
    if (!ids.length) return [];
    const rows: CasesRow[] = await this.db.query('SELECT * FROM cases WHERE id = ANY($1::uuid[])', [ids]);
    return rows.map((r) => toRow(r, this.cipher));
  }

  async findById(caseId: string, scope: CaseScope): Promise<CaseRow | null> {
    const params: unknown[] = [caseId];
    const rows: CasesRow[] = await this.db.query(
      `SELECT * FROM cases WHERE id = $1 AND ${scopeSql(scope, params)}`,
      params,
    );
    return rows.length ? toRow(rows[0], this.cipher) : null;
  }

  /** Keyset pagination on (opened_at, id), newest first. */
  async list(filter: CaseListFilter, scope: CaseScope): Promise<CaseRow[]> {
    const params: unknown[] = [];
    const where = [scopeSql(scope, params)];
    if (filter.stage) {
      params.push(filter.stage);
      where.push(`stage = $${params.length}`);
    }
    if (filter.office) {
      params.push(filter.office);
      where.push(`(host_office = $${params.length} OR receiving_office = $${params.length})`);
    }
    if (filter.countryOfOrigin) {
      params.push(filter.countryOfOrigin);
      where.push(`country_of_origin = $${params.length}`);
    }
    if (filter.search) where.push(searchSql(filter.search, params));
    if (filter.awaiting) {
      params.push(filter.awaiting.entries, filter.awaiting.userId);
      const [entries, user] = [params.length - 1, params.length];
      // `&&` is served by the GIN index; the exception check then looks at the few candidate rows only.
      where.push(`awaiting && $${entries}::text[] AND EXISTS (SELECT 1 FROM unnest(awaiting) a
        WHERE a = ANY($${entries}::text[]) AND NOT (split_part(a, ':', 2) || ':' || $${user}) = ANY(awaiting_except))`);
    }
    if (filter.assignee) {
      params.push(filter.assignee);
      where.push(`(assigned_officer_id = $${params.length} OR assigned_counterpart_id = $${params.length})`);
    }
    if (filter.after) {
      params.push(filter.after.openedAt, filter.after.id);
      where.push(`(opened_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filter.limit);
    const rows: CasesRow[] = await this.db.query(
      `SELECT * FROM cases WHERE ${where.join(' AND ')} ORDER BY opened_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => toRow(r, this.cipher));
  }

  /**
   * Per case, how many reminders were delivered to this user and are still unread and not cancelled since: the
   * reminders due now for them (one query for a page of cases). `kinds`: the reminder kinds the reader may see.
   */
  async dueReminderCounts(userId: string, caseIds: string[], kinds: readonly string[]): Promise<Map<string, number>> {
    if (!caseIds.length) return new Map();
    const rows: { case_id: string; n: number }[] = await this.db.query(
      `SELECT n.case_id, count(*)::int AS n FROM notifications n JOIN reminders r ON r.id = n.reminder_id
        WHERE n.user_id = $1 AND n.case_id = ANY($2::uuid[]) AND n.read_at IS NULL AND n.kind = 'REMINDER'
          AND r.status <> 'CANCELLED' AND r.kind = ANY($3::text[])
        GROUP BY n.case_id`,
      [userId, caseIds, kinds],
    );
    return new Map(rows.map((r) => [r.case_id, r.n]));
  }

  async history(caseId: string): Promise<AuditRow[]> {
    const rows: CaseEventRow[] = await this.db.query(`SELECT * FROM case_events WHERE case_id = $1 ORDER BY version`, [
      caseId,
    ]);
    return rows.map((r) => ({
      version: r.version,
      commandId: r.command_id,
      commandType: r.command_type,
      actorId: r.actor_id,
      actorRole: r.actor_role,
      effectiveAt: iso(r.effective_at)!,
      recordedAt: iso(r.recorded_at)!,
      fromStage: r.from_stage,
      toStage: r.to_stage,
      events: this.cipher.decryptJson<unknown[]>(r.events_sealed),
    }));
  }
}
