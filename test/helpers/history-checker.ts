import { defaultPayloadConverter } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { counselling, eligible } from './journey';
import { Response, TestStack } from './stack';
import { idempotencyDigestKey, idempotencyKeyDigest } from '../../libs/persistence/src/opaque-ids';

/**
 * A Jepsen-style history checker: the audit trail (case_events) and the read model (cases) must equal what Temporal
 * committed. Temporal's history is the truth: the Updates it completed with success, each with the change it
 * returned (version, command id), in order. Whatever a client was told must agree with it: every 200 is in the audit
 * at its version, and no command whose client got a 409 is.
 */

/** What a client was told about one command it sent (the Idempotency-Key names the command: cmd:<user>:<key>). */
export interface Observed {
  key: string;
  status: number;
  version?: number;
  code?: string;
}

export interface CommittedChange {
  updateId: string;
  version: number;
  commandType: string;
}

/** Why a case's audit or read model does not equal Temporal's history; empty when it does. */
export type Divergence = string[];

/** The changes Temporal committed for a case, in history order: every Update completed with success that changed it. */
export async function committedChanges(
  stack: TestStack,
  caseId: string,
): Promise<{ changes: CommittedChange[]; runs: number }> {
  const codec = stack.codec;
  const changes: CommittedChange[] = [];
  let runId: string | undefined;
  let runs = 0;
  // Follow the chain of runs from the first (continue-as-new): each run's history holds its own Updates.
  const described = await stack.temporal.workflow.getHandle(caseId).describe();
  runId =
    (described.raw.workflowExecutionInfo as { firstRunId?: string } | null | undefined)?.firstRunId || described.runId;
  for (;;) {
    runs += 1;
    const history = await stack.temporal.workflow.getHandle(caseId, runId).fetchHistory();
    let next: string | undefined;
    for (const event of history.events ?? []) {
      const done = event.workflowExecutionUpdateCompletedEventAttributes;
      if (done?.outcome?.success?.payloads?.length) {
        const [payload] = await codec.decode([done.outcome.success.payloads[0]]);
        const result = defaultPayloadConverter.fromPayload<{
          change: { version: number; commandId: string; commandType: string } | null;
        }>(payload);
        // A retried Update that was already applied (before a continue-as-new) returns no change: nothing was committed.
        if (result.change)
          changes.push({
            updateId: done.meta!.updateId!,
            version: result.change.version,
            commandType: result.change.commandType,
          });
      }
      // A change the workflow made by itself (a deadline) is projected by a regular activity, scheduled only by a
      // committed workflow task: its input is the committed change.
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType?.name === 'projectCase' && scheduled.input?.payloads?.length) {
        const [payload] = await codec.decode([scheduled.input.payloads[0]]);
        const { change } = defaultPayloadConverter.fromPayload<{
          change: { version: number; commandId: string; commandType: string };
        }>(payload);
        if (!changes.some((c) => c.version === change.version))
          changes.push({ updateId: change.commandId, version: change.version, commandType: change.commandType });
      }
      const continued = event.workflowExecutionContinuedAsNewEventAttributes;
      if (continued?.newExecutionRunId) next = continued.newExecutionRunId;
    }
    if (!next) break;
    runId = next;
  }
  changes.sort((a, b) => a.version - b.version);
  return { changes, runs };
}

/** The workflow's own view of the case (its stage and version), by query. */
async function workflowView(stack: TestStack, caseId: string): Promise<{ stage: string; version: number }> {
  const view = await stack.temporal.workflow
    .getHandle(caseId)
    .query<{ stage: string; version: number } | null>('caseView');
  if (!view) throw new Error(`case ${caseId} has no view in its workflow`);
  return { stage: view.stage, version: view.version };
}

/**
 * Compares one case's audit trail and read model with Temporal's committed history, and the clients' answers with
 * both. `observed` may be empty (a case driven by another test). Returns the list of divergences found.
 */
export async function checkCase(stack: TestStack, caseId: string, observed: Observed[] = []): Promise<Divergence> {
  const problems: string[] = [];
  const { changes } = await committedChanges(stack, caseId);
  const { rows: audit } = await stack.db.query<{ version: number; command_id: string; command_type: string }>(
    'SELECT version, command_id, command_type FROM case_events WHERE case_id = $1 ORDER BY version',
    [caseId],
  );
  const {
    rows: [model],
  } = await stack.db.query<{ version: number; stage: string }>('SELECT version, stage FROM cases WHERE id = $1', [
    caseId,
  ]);
  const wf = await workflowView(stack, caseId);

  // 1. Temporal's own history: versions 1..n, in order, no gap, no duplicate.
  changes.forEach((c, i) => {
    if (c.version !== i + 1) problems.push(`temporal: change ${i} has version ${c.version}, expected ${i + 1}`);
  });
  const auditOfUpdates = audit;
  // 2. The audit equals the committed Updates, in order, with no gap and no duplicate.
  const expected = changes.map((c) => `${c.version}:${c.updateId}`);
  const actual = auditOfUpdates.map((a) => `${a.version}:${a.command_id}`);
  if (expected.join('|') !== actual.join('|')) {
    const missing = expected.filter((e) => !actual.includes(e));
    const extra = actual.filter((a) => !expected.includes(a));
    problems.push(`audit != temporal: missing ${JSON.stringify(missing)}, not committed ${JSON.stringify(extra)}`);
  }
  audit.forEach((a, i) => {
    if (a.version !== i + 1) problems.push(`audit: row ${i} has version ${a.version}, expected ${i + 1}`);
  });
  // 3. The read model equals the workflow.
  if (!model) problems.push('read model: no row');
  else if (model.version !== wf.version || model.stage !== wf.stage) {
    problems.push(`read model ${model.stage}@${model.version} != workflow ${wf.stage}@${wf.version}`);
  }
  // 4. Every 200 is in the audit at its version; no 409 is in the audit. The audit and Temporal keep the key's digest
  // (libs/persistence opaque-ids), never the client's key: each observed key is looked up by its digest.
  const digestKey = idempotencyDigestKey(stack.config.piiKey);
  const stored = (key: string) => idempotencyKeyDigest(digestKey, key);
  const byKey = new Map(auditOfUpdates.map((a) => [a.command_id.slice(a.command_id.lastIndexOf(':') + 1), a]));
  const committedKeys = new Set(changes.map((c) => c.updateId.slice(c.updateId.lastIndexOf(':') + 1)));
  for (const o of observed) {
    const row = byKey.get(stored(o.key));
    if (o.status === 200) {
      // A same-key duplicate answers the version of its one application, unless a later command moved the case on
      // (a retry after continue-as-new answers the current view): the audit row is then at or below it.
      if (!row) problems.push(`200 for key ${o.key} (version ${o.version}) is not in the audit`);
      else if (row.version !== o.version)
        problems.push(`200 for key ${o.key} answered version ${o.version}, audit has it at ${row.version}`);
      if (!committedKeys.has(stored(o.key))) problems.push(`200 for key ${o.key} is not in Temporal's history`);
    }
    if (o.status === 409 && row)
      problems.push(`409 (${o.code}) for key ${o.key} is in the audit at version ${row.version}`);
    if (o.status === 409 && committedKeys.has(stored(o.key)))
      problems.push(`409 (${o.code}) for key ${o.key} is in Temporal's history`);
  }
  // One line per distinct problem (fifty duplicates told the same thing make one line), with its count.
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts].map(([p, n]) => (n > 1 ? `${p} (x${n})` : p));
}

/** Waits until the case's read model has caught up with its workflow (or the time is up), then checks it. */
export async function settleAndCheck(
  stack: TestStack,
  caseId: string,
  observed: Observed[] = [],
  timeoutMs = 30000,
): Promise<Divergence> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problems = await checkCase(stack, caseId, observed);
    if (!problems.length || Date.now() > deadline) return problems;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The commands a burst sends: different types, all legal somewhere early in a case's life. */
const CONFLICTING = [
  { type: 'RecordCounsellingSession', payload: counselling },
  { type: 'RecordCounsellingSession', payload: { ...counselling, language: 'ar', interpreterUsed: true } },
  { type: 'StartScreening', payload: {} },
  { type: 'RecordEligibility', payload: eligible },
  { type: 'RecordCounsellingSession', payload: { ...counselling, mode: 'VIDEO' } },
];

export interface BurstOptions {
  conflicting: number;
  duplicates: number;
  as?: string;
}

/**
 * One round on one case: `conflicting` commands with different Idempotency-Keys, types and the same expected
 * version, and `duplicates` copies of one command under one key, all sent at once. Returns what each client was told.
 */
export async function burst(
  stack: TestStack,
  caseId: string,
  expectedVersion: number,
  opts: BurstOptions,
): Promise<Observed[]> {
  const as = opts.as ?? 'officer.rabat';
  const token = await stack.login(as);
  const send = async (key: string, cmd: { type: string; payload: object }): Promise<Observed> => {
    const res: Response = await stack
      .request('POST', `/cases/${caseId}/commands`, {
        token,
        headers: { 'idempotency-key': key },
        body: { type: cmd.type, expectedVersion, payload: cmd.payload },
      })
      .catch((err) => ({ status: 0, body: { code: String(err) }, headers: new Headers() }));
    return { key, status: res.status, version: res.body?.version, code: res.body?.code };
  };
  const dupKey = `dup-${randomUUID()}`;
  const requests: Promise<Observed>[] = [];
  for (let i = 0; i < Math.max(opts.conflicting, opts.duplicates); i += 1) {
    if (i < opts.conflicting) requests.push(send(`burst-${randomUUID()}`, CONFLICTING[i % CONFLICTING.length]));
    if (i < opts.duplicates) requests.push(send(dupKey, CONFLICTING[0]));
  }
  return Promise.all(requests);
}

/** Counts of answers by `status code`, for the test's summary. */
export function tally(observed: Observed[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of observed) {
    const k = `${o.status}${o.code ? ` ${o.code}` : ''}`;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/**
 * A client as a real office runs it, for fault tests: commands one after another on one case until `until()` says
 * stop, each retried with its Idempotency-Key while the answer is 5xx, 429 or no answer at all, and the version taken
 * from the last answer. Returns what it was finally told for each command.
 */
export async function steadyClient(
  stack: TestStack,
  caseId: string,
  startVersion: number,
  until: () => boolean,
  as = 'officer.rabat',
): Promise<Observed[]> {
  const token = await stack.login(as);
  const observed: Observed[] = [];
  let version = startVersion;
  while (!until()) {
    const key = `steady-${randomUUID()}`;
    const body = {
      type: 'RecordCounsellingSession',
      expectedVersion: version,
      payload: { ...counselling, language: 'en' },
    };
    for (let attempt = 0; ; attempt += 1) {
      const res: Response = await stack
        .request('POST', `/cases/${caseId}/commands`, { token, body, headers: { 'idempotency-key': key } })
        .catch(() => ({ status: 0, body: {}, headers: new Headers() }));
      if (res.status === 0 || res.status === 429 || res.status >= 500) {
        if (attempt > 600)
          throw new Error(
            `command ${key} unanswered after ${attempt} attempts: ${res.status} ${JSON.stringify(res.body)}`,
          );
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      observed.push({ key, status: res.status, version: res.body?.version, code: res.body?.code });
      if (res.status === 200) version = res.body.version;
      else if (res.status === 409) version = res.body?.details?.currentVersion ?? version;
      else throw new Error(`unexpected answer ${res.status} ${JSON.stringify(res.body)}`);
      break;
    }
  }
  return observed;
}
