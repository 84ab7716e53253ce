import type { ReportCaseFacts } from '@avrr/domain';
import type { ColumnCipher } from './column-cipher';
import {
  COUNT_CASE_FIELDS,
  COUNT_INDIVIDUAL_FIELDS,
  COUNTER_COLUMNS,
  COUNTER_SOURCE_COLUMNS,
  REPORT_COUNTS_UPSERT_SQL,
  counterColumn,
  counterRowsSql,
} from './report-counters';

/** What runs a statement: a TypeORM EntityManager or DataSource (inside the projection's transaction). */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** The columns of an individual the vulnerability counters read (COUNTER_SOURCE_COLUMNS without `sign`). */
const COUNTER_FIELDS = [
  'host_office',
  'receiving_office',
  'country_of_origin',
  'inbound',
  'received_at',
  'registered_at',
  'approved_at',
  'departed_at',
  'arrived_at',
  'withdrawn_at',
  'cancelled_at',
  'counselled_at',
  'booking_count',
  'no_show_count',
  'rebooking_count',
] as const;

/** The upsert of counter deltas computed from `$1`: individuals (COUNTER_SOURCE_COLUMNS) as JSON. */
export const COUNTER_UPSERT_SQL = `INSERT INTO report_vulnerability_counts AS t (day, until_day, office, country,
    vulnerability, ${COUNTER_COLUMNS.map(counterColumn).join(', ')})
  ${counterRowsSql(`(SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${COUNTER_SOURCE_COLUMNS}))`)}
  ON CONFLICT (office, country, day, until_day, vulnerability) DO UPDATE SET
    ${COUNTER_COLUMNS.map(counterColumn)
      .map((c) => `${c} = t.${c} + EXCLUDED.${c}`)
      .join(', ')}`;

/**
 * Replaces a case's rows in the reporting read model with the facts of one version, and moves the pre-aggregates (the
 * vulnerability and the breakdown counters) by the difference between the rows it removes and the rows it writes.
 * Run by the projection in the transaction of the change, after the case row's upsert (which holds the case's lock and said this version is the
 * newest), so two projections of one case never interleave here, and a retried or replayed projection of a version
 * already written does not reach this (the counters move once per version). Two statements, up to four: the delete
 * (returning the old rows), the inserts (returning the new rows; in one statement the inserts would check their keys
 * against the rows being deleted), the vulnerability counters when someone in the case (before or after) is in a
 * vulnerable situation, and the breakdown counters (report_counts) when a date, reason or attribute they count
 * changed.
 */
export async function projectReportFacts(tx: Queryable, f: ReportCaseFacts, cipher: ColumnCipher): Promise<void> {
  const rows = reportRowsOf(f);
  const tables = ['report_documents', 'report_activities', 'report_tranches', 'report_visits', 'report_rss'];
  const del = tables.map((t, i) => `d${i} AS (DELETE FROM ${t} WHERE case_id = $1)`).join(', ');
  const removed = (await tx.query(
    `WITH ${del}, dc AS (DELETE FROM report_cases WHERE case_id = $1 RETURNING *),
       di AS (DELETE FROM report_individuals WHERE case_id = $1 RETURNING *)
     SELECT 'i' AS unit, to_jsonb(di) AS row FROM di UNION ALL SELECT 'c', to_jsonb(dc) FROM dc`,
    [f.caseId],
  )) as CountedRow[];
  const sealed = {
    ...rows,
    report_individuals: rows.report_individuals.map(({ vulnerabilities, ...r }) => ({
      ...r,
      vulnerabilities_sealed: (vulnerabilities as string[]).length ? cipher.encryptJson(vulnerabilities) : null,
    })),
  };
  const written = (await tx.query(
    INSERT_SQL,
    REPORT_TABLES.map((t) => JSON.stringify(sealed[t])),
  )) as CountedRow[];
  const pick = (r: Record<string, unknown>) => Object.fromEntries(COUNTER_FIELDS.map((c) => [c, r[c] ?? null]));
  const delta = [
    ...removed
      .filter(({ unit, row }) => unit === 'i' && row.vulnerabilities_sealed)
      .map(({ row }) => ({
        ...pick(row),
        vulnerabilities: cipher.decryptJson<string[]>(String(row.vulnerabilities_sealed)),
        sign: -1,
      })),
    ...rows.report_individuals
      .filter((r) => (r.vulnerabilities as string[]).length > 0)
      .map((r) => ({ ...pick(r), vulnerabilities: r.vulnerabilities, sign: 1 })),
  ];
  if (delta.length) await tx.query(COUNTER_UPSERT_SQL, [JSON.stringify(delta)]);
  await moveReportCounts(tx, removed, written);
}

/**
 * Counts the vulnerability counters again from the per-individual rows (their sealed types unsealed here, in batches),
 * after a change of how they count (migration 1764710000000: an inbound returnee is not a request received).
 */
export async function refillVulnerabilityCounts(
  q: { query(sql: string, params?: unknown[]): Promise<unknown> },
  cipher: () => ColumnCipher,
): Promise<void> {
  await q.query('DELETE FROM report_vulnerability_counts');
  let key: ColumnCipher | undefined;
  for (let after = ''; ;) {
    const rows = (await q.query(
      `SELECT case_id::text || '/' || member_id AS k, to_jsonb(i) AS row FROM report_individuals i
        WHERE vulnerabilities_sealed IS NOT NULL AND case_id::text || '/' || member_id > $1 ORDER BY 1 LIMIT 5000`,
      [after],
    )) as { k: string; row: Record<string, unknown> }[];
    if (!rows.length) return;
    after = rows[rows.length - 1].k;
    key ??= cipher();
    const people = rows.map(({ row }) => ({
      ...Object.fromEntries(COUNTER_FIELDS.map((c) => [c, row[c] ?? null])),
      vulnerabilities: key!.decryptJson<string[]>(String(row.vulnerabilities_sealed)),
      sign: 1,
    }));
    await q.query(COUNTER_UPSERT_SQL, [JSON.stringify(people)]);
  }
}

/** A report_individuals ('i') or report_cases ('c') row as PostgreSQL returned it (to_jsonb). */
export interface CountedRow {
  unit: 'i' | 'c';
  row: Record<string, unknown>;
}

/**
 * Moves the breakdown counters (report_counts) from the rows `before` to the rows `after` of one case: -1 for each
 * old row, +1 for each new one, one upsert in key order. Nothing when the fields the counters read are unchanged
 * (most commands change no date): both sides come from PostgreSQL, so equal values render equally.
 */
export async function moveReportCounts(tx: Queryable, before: CountedRow[], after: CountedRow[]): Promise<void> {
  const fields = (unit: 'i' | 'c') => (unit === 'i' ? COUNT_INDIVIDUAL_FIELDS : COUNT_CASE_FIELDS);
  const counted = (rows: CountedRow[], unit: 'i' | 'c') =>
    rows
      .filter((r) => r.unit === unit)
      .map((r) => JSON.stringify(fields(unit).map((c) => r.row[c] ?? null)))
      .sort();
  const same = (unit: 'i' | 'c') => JSON.stringify(counted(before, unit)) === JSON.stringify(counted(after, unit));
  if (same('i') && same('c')) return;
  const signed = (unit: 'i' | 'c') => [
    ...before.filter((r) => r.unit === unit).map((r) => ({ ...r.row, sign: -1 })),
    ...after.filter((r) => r.unit === unit).map((r) => ({ ...r.row, sign: 1 })),
  ];
  await tx.query(REPORT_COUNTS_UPSERT_SQL, [JSON.stringify(signed('i')), JSON.stringify(signed('c'))]);
}

/**
 * Runs an UPDATE of report_individuals (the identity corrections: date of birth, nationality) and moves the breakdown
 * counters with it. `update` is an UPDATE of `report_individuals r` whose WHERE names `r.case_id = $1 AND r.member_id
 * = $2`; the row is read (and locked) first, then updated and returned.
 */
export async function updateReportIndividual(tx: Queryable, update: string, params: unknown[]): Promise<void> {
  const before = (await tx.query(
    `SELECT 'i' AS unit, to_jsonb(r) AS row FROM report_individuals r WHERE r.case_id = $1 AND r.member_id = $2 FOR UPDATE`,
    params.slice(0, 2),
  )) as CountedRow[];
  const after = (await tx.query(
    `WITH u AS (${update} RETURNING r.*) SELECT 'i' AS unit, to_jsonb(u) AS row FROM u`,
    params,
  )) as CountedRow[];
  await moveReportCounts(tx, before, after);
}

/** The reporting tables of a case, in the order of the insert statement's parameters. */
export const REPORT_TABLES = [
  'report_cases',
  'report_individuals',
  'report_documents',
  'report_activities',
  'report_tranches',
  'report_visits',
  'report_rss',
] as const;
export type ReportTableName = (typeof REPORT_TABLES)[number];

/** The rows of a case's facts, per reporting table (what the projection writes; the reconciliation compares). */
export function reportRowsOf(f: ReportCaseFacts): Record<ReportTableName, Record<string, unknown>[]> {
  const r = f.reintegration;
  const returnees = f.members.filter((m) => m.departed && !!f.arrivedAt);
  const principal = f.members[0];
  const last = (...dates: (string | null | undefined)[]): string =>
    dates.filter((d): d is string => !!d).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a), f.receivedAt);
  const caseRow = {
    case_id: f.caseId,
    version: f.version,
    stage: f.stage,
    stage_entered_at: f.stageEnteredAt,
    host_office: f.hostOffice,
    receiving_office: f.receivingOffice ?? null,
    country_of_origin: f.countryOfOrigin,
    inbound: f.inbound,
    member_count: f.members.length,
    returnee_count: returnees.length,
    principal_sex: principal?.sex ?? null,
    vulnerable: f.members.some((m) => m.vulnerabilities.length > 0),
    received_at: f.receivedAt,
    registered_at: f.registeredAt ?? null,
    approved_at: f.approvedAt ?? null,
    departed_at: f.departedAt ?? null,
    arrived_at: f.arrivedAt ?? null,
    withdrawn_at: f.withdrawnAt ?? null,
    withdrawal_reason: f.withdrawalReason ?? null,
    cancelled_at: f.cancelledAt ?? null,
    cancellation_reason: f.cancellationReason ?? null,
    closed_at: f.closedAt ?? null,
    closure_reason: f.closureReason ?? null,
    no_show_count: f.noShowCount,
    booking_count: f.bookingCount,
    rebooking_count: f.rebookingCount,
    counselled_at: r?.counselledAt ?? null,
    plan_agreed_at: r?.planAgreedAt ?? null,
    currency: r?.currency ?? null,
    budgeted: r?.budgeted ?? 0,
    activity_count: r?.activities.length ?? 0,
    // The first complete endline survey: the RSS response rate counts a case as responded from then on.
    endline_at:
      (r?.rss ?? [])
        .filter((x) => x.timing === 'ENDLINE' && !x.incomplete)
        .map((x) => x.effectiveAt)
        .sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null,
    last_event_at: last(
      f.registeredAt,
      f.approvedAt,
      f.departedAt,
      f.arrivedAt,
      f.withdrawnAt,
      f.cancelledAt,
      f.closedAt,
      r?.counselledAt,
      r?.planAgreedAt,
    ),
  };
  const individuals = f.members.map((m) => {
    // The person's own path: a member who withdrew alone, or did not travel, has no departure or arrival.
    const travelled = m.departed;
    return {
      case_id: f.caseId,
      member_id: m.memberId,
      version: f.version,
      host_office: f.hostOffice,
      receiving_office: f.receivingOffice ?? null,
      country_of_origin: f.countryOfOrigin,
      sex: m.sex,
      date_of_birth: m.dateOfBirth,
      vulnerabilities: m.vulnerabilities,
      inbound: f.inbound,
      stage: f.stage,
      received_at: f.receivedAt,
      registered_at: f.registeredAt ?? null,
      approved_at: f.approvedAt ?? null,
      departed_at: travelled ? (f.departedAt ?? null) : null,
      arrived_at: travelled ? (f.arrivedAt ?? null) : null,
      withdrawn_at: f.withdrawnAt ?? (travelled ? null : (m.withdrawnAt ?? null)),
      withdrawal_reason: f.withdrawalReason ?? null,
      cancelled_at: f.cancelledAt ?? null,
      cancellation_reason: f.cancellationReason ?? null,
      closed_at: f.closedAt ?? null,
      closure_reason: f.closureReason ?? null,
      deceased_at: m.deceasedAt ?? null,
      no_show_count: f.noShowCount,
      booking_count: f.bookingCount,
      rebooking_count: f.rebookingCount,
      counselled_at: travelled ? (r?.counselledAt ?? null) : null,
      plan_agreed_at: travelled ? (r?.planAgreedAt ?? null) : null,
      activity_count: travelled ? (r?.activities.length ?? 0) : 0,
      last_event_at: last(
        f.registeredAt,
        f.approvedAt,
        travelled ? f.departedAt : null,
        travelled ? f.arrivedAt : null,
        f.withdrawnAt ?? (travelled ? null : m.withdrawnAt),
        f.cancelledAt,
        f.closedAt,
        m.deceasedAt,
        travelled ? r?.counselledAt : null,
        travelled ? r?.planAgreedAt : null,
      ),
    };
  });
  const documents = f.members.flatMap((m) =>
    m.documents.map((d, position) => ({
      case_id: f.caseId,
      member_id: m.memberId,
      position,
      host_office: f.hostOffice,
      document_type: d.documentType,
      authority: d.authority ?? null,
      status: d.status,
      requested_at: d.requestedAt ?? null,
      decided_at: d.decidedAt ?? null,
      country_of_origin: f.countryOfOrigin,
    })),
  );
  // The report's filters on every per-case row, so an indicator reads its own rows by date without joining the case.
  const scope = {
    host_office: f.hostOffice,
    receiving_office: f.receivingOffice ?? null,
    country_of_origin: f.countryOfOrigin,
  };
  const activities = (r?.activities ?? []).map((a) => ({
    case_id: f.caseId,
    activity_id: a.activityId,
    activity_type: a.type,
    dimension: a.dimension,
    level: a.level,
    budget: a.budget,
    ...scope,
    plan_agreed_at: r?.planAgreedAt ?? null,
  }));
  const tranches = (r?.tranches ?? []).map((t) => ({
    case_id: f.caseId,
    tranche_id: t.trancheId,
    amount: t.amount,
    currency: t.currency,
    status: t.status,
    modality: t.modality,
    due_date: t.dueDate ?? null,
    paid_at: t.paidAt ?? null,
    ...scope,
  }));
  const visits = (r?.visits ?? []).map((v) => ({
    case_id: f.caseId,
    visit_no: v.visitNo,
    due_on: v.dueOn,
    done_at: v.doneAt ?? null,
    ...scope,
  }));
  const activityTypes = [...new Set((r?.activities ?? []).map((a) => a.type))].sort();
  const rss = (r?.rss ?? []).map((x) => ({
    case_id: f.caseId,
    rss_id: x.rssId,
    timing: x.timing,
    effective_at: x.effectiveAt,
    economic: x.economic,
    social: x.social,
    psychosocial: x.psychosocial,
    composite: x.composite,
    incomplete: x.incomplete,
    ...scope,
    principal_sex: principal?.sex ?? null,
    activity_types: activityTypes,
  }));
  return {
    report_cases: [caseRow],
    report_individuals: individuals,
    report_documents: documents,
    report_activities: activities,
    report_tranches: tranches,
    report_visits: visits,
    report_rss: rss,
  };
}

const INSERT_SQL = `WITH
        c AS (INSERT INTO report_cases SELECT * FROM jsonb_populate_recordset(NULL::report_cases, $1::jsonb) RETURNING *),
        i AS (INSERT INTO report_individuals (case_id, member_id, version, host_office, receiving_office,
            country_of_origin, nationality, sex, date_of_birth, vulnerabilities_sealed, inbound, stage, received_at,
            registered_at, approved_at, departed_at, arrived_at, withdrawn_at, withdrawal_reason, cancelled_at,
            cancellation_reason, closed_at, closure_reason, deceased_at, no_show_count, booking_count, rebooking_count,
            counselled_at, plan_agreed_at, activity_count, last_event_at)
          SELECT x.case_id, x.member_id, x.version, x.host_office, x.receiving_office, x.country_of_origin,
            coalesce(ind.nationality_confirmed, ind.nationality_declared), x.sex,
            CASE WHEN ind.date_of_birth_corrected THEN ind.date_of_birth ELSE x.date_of_birth END,
            x.vulnerabilities_sealed, x.inbound, x.stage, x.received_at, x.registered_at, x.approved_at,
            x.departed_at, x.arrived_at, x.withdrawn_at, x.withdrawal_reason, x.cancelled_at,
            x.cancellation_reason, x.closed_at, x.closure_reason, x.deceased_at, x.no_show_count,
            x.booking_count, x.rebooking_count, x.counselled_at, x.plan_agreed_at, x.activity_count, x.last_event_at
          FROM jsonb_populate_recordset(NULL::report_individuals, $2::jsonb) x
          -- Nationality from the person's record (the consulate's confirmation first), and the date of birth once the
          -- focal point corrected it there: the only columns read there.
          LEFT JOIN case_members cm
            ON cm.id = CASE WHEN x.member_id ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' THEN x.member_id::uuid END
          LEFT JOIN individuals ind ON ind.id = cm.individual_id
          RETURNING *),
        d AS (INSERT INTO report_documents SELECT * FROM jsonb_populate_recordset(NULL::report_documents, $3::jsonb)),
        a AS (INSERT INTO report_activities SELECT * FROM jsonb_populate_recordset(NULL::report_activities, $4::jsonb)),
        t AS (INSERT INTO report_tranches SELECT * FROM jsonb_populate_recordset(NULL::report_tranches, $5::jsonb)),
        v AS (INSERT INTO report_visits SELECT * FROM jsonb_populate_recordset(NULL::report_visits, $6::jsonb)),
        r AS (INSERT INTO report_rss SELECT * FROM jsonb_populate_recordset(NULL::report_rss, $7::jsonb))
      SELECT 'i' AS unit, to_jsonb(i) AS row FROM i UNION ALL SELECT 'c', to_jsonb(c) FROM c`;
