import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { singleAdult } from './helpers/households';
import { CaseDriver, counselling, eligible } from './helpers/journey';
import { TestStack } from './helpers/stack';

/**
 * The tamper-evident audit trail (issue 11 item 7, AVRR.md §13): every case_events row is hash-chained by the database
 * itself; GET /cases/:id/audit-chain and `npm run audit:verify` recompute the chain and point at the first broken link.
 * The tampering below is what someone with write access to PostgreSQL could do behind the engine's back: set the
 * append-only trigger aside, rewrite a row, and (worse) recompute that row's own hash.
 */
describe('audit trail: hash-chained, verified, the first broken link named', () => {
  let stack: TestStack;
  let c: CaseDriver;
  const officer = 'officer.rabat';
  const run = promisify(execFile);

  beforeAll(async () => {
    stack = await TestStack.start();
    c = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
    await c.run(officer, 'RecordCounsellingSession', counselling);
    await c.run(officer, 'StartScreening', {});
    await c.run(officer, 'RecordEligibility', eligible);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const verify = async (as = 'supervisor.rabat') => stack.request('GET', `/cases/${c.caseId}/audit-chain`, { as });

  /** Behind the engine's back: the append-only trigger set aside for one statement. */
  const tamper = async (sql: string, params: unknown[]) => {
    await stack.db.query('BEGIN');
    await stack.db.query('ALTER TABLE case_events DISABLE TRIGGER case_events_no_update');
    await stack.db.query(sql, params);
    await stack.db.query('ALTER TABLE case_events ENABLE TRIGGER case_events_no_update');
    await stack.db.query('COMMIT');
  };
  const row = async (seq: number) =>
    (await stack.db.query('SELECT * FROM case_events WHERE case_id = $1 AND chain_seq = $2', [c.caseId, seq])).rows[0];

  it('should chain every row of the trail as it is written, and find the chain intact', async () => {
    const rows = (
      await stack.db.query(
        'SELECT chain_seq, version, encode(prev_hash, $2) AS prev, encode(chain_hash, $2) AS hash FROM case_events WHERE case_id = $1 ORDER BY chain_seq',
        [c.caseId, 'hex'],
      )
    ).rows;
    expect(rows.map((r) => r.chain_seq)).toEqual([1, 2, 3, 4]);
    expect(rows[0].prev).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev).toBe(rows[i - 1].hash);
    const res = await verify();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      caseId: c.caseId,
      links: 4,
      intact: true,
      headHash: rows[3].hash,
      redactedByRetention: 0,
      firstBroken: null,
    });
  });

  it('should let supervisors in scope, operations and administrators verify, and no one else', async () => {
    for (const as of ['operations', 'admin']) expect((await verify(as)).body.intact).toBe(true);
    const officerRes = await verify(officer);
    expect([officerRes.status, officerRes.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    const elsewhere = await verify('supervisor.conakry');
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    const bad = await stack.request('GET', '/cases/not-a-uuid/audit-chain', { as: 'operations' });
    // A malformed id names nothing that exists: 404 with the resource's code, like every case path (http/id-param.ts).
    expect([bad.status, bad.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
  });

  it('should name the first altered row when a field is rewritten', async () => {
    const original = await row(2);
    await tamper('UPDATE case_events SET actor_id = $3 WHERE case_id = $1 AND chain_seq = $2', [
      c.caseId,
      2,
      'someone-else',
    ]);
    const res = await verify();
    expect(res.body).toMatchObject({
      intact: false,
      firstBroken: { chainSeq: 2, version: original.version, reason: 'CONTENT_ALTERED' },
    });
    // The command-line check says the same, and fails.
    const cli = await run('node', ['dist/libs/persistence/src/cli/verify-audit.js', c.caseId]).catch((e) => e);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`BROKEN ${c.caseId}: link 2 (version ${original.version}`);
    expect(cli.stdout).toContain('CONTENT_ALTERED');
    // Put back, the chain holds again: the hashes are a function of the content only.
    await tamper('UPDATE case_events SET actor_id = $3 WHERE case_id = $1 AND chain_seq = $2', [
      c.caseId,
      2,
      original.actor_id,
    ]);
    expect((await verify()).body.intact).toBe(true);
  });

  it("should see through a rewrite that also recomputes the row's own content hash", async () => {
    const original = await row(3);
    await tamper("UPDATE case_events SET to_stage = 'CANCELLED' WHERE case_id = $1 AND chain_seq = $2", [c.caseId, 3]);
    await tamper(
      'UPDATE case_events e SET content_hash = case_event_content_hash(e, e.sealed_hash) WHERE case_id = $1 AND chain_seq = $2',
      [c.caseId, 3],
    );
    expect((await verify()).body.firstBroken).toMatchObject({ chainSeq: 3, reason: 'HASH_MISMATCH' });
    await tamper('UPDATE case_events e SET to_stage = $3, content_hash = $4 WHERE case_id = $1 AND chain_seq = $2', [
      c.caseId,
      3,
      original.to_stage,
      original.content_hash,
    ]);
    expect((await verify()).body.intact).toBe(true);
  });

  it('should see a removed link (a gap in the sequence) and a row that no longer points at its predecessor', async () => {
    const last = await row(4);
    await tamper('UPDATE case_events SET chain_seq = 5 WHERE case_id = $1 AND chain_seq = 4', [c.caseId]);
    expect((await verify()).body.firstBroken).toMatchObject({ chainSeq: 5, reason: 'SEQUENCE_GAP' });
    await tamper('UPDATE case_events SET chain_seq = 4, prev_hash = NULL WHERE case_id = $1 AND chain_seq = 5', [
      c.caseId,
    ]);
    expect((await verify()).body.firstBroken).toMatchObject({ chainSeq: 4, reason: 'LINK_BROKEN' });
    await tamper('UPDATE case_events SET prev_hash = $2 WHERE case_id = $1 AND chain_seq = 4', [
      c.caseId,
      last.prev_hash,
    ]);
    expect((await verify()).body.intact).toBe(true);
  });

  it('should keep chaining the commands that come after', async () => {
    await c.run(officer, 'RecordRapidVulnerabilityScreening', {
      findings: [{ memberId: c.id('pa'), vulnerabilities: [] }],
    });
    const res = await verify();
    expect(res.body).toMatchObject({ intact: true, links: 5 });
  });
});
