import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { familyOfFour, singleAdult } from './helpers/households';
import { expectEventually, signJwt, TestStack } from './helpers/stack';

describe('foundation: a household case end to end on the real stack', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should answer health checks, with PostgreSQL, Redis and Temporal ready', async () => {
    expect((await stack.request('GET', '/health/live')).status).toBe(200);
    const ready = await stack.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.info).sort()).toEqual(['postgres', 'redis', 'temporal']);
  });

  it('should serve the OpenAPI document generated from the DTOs', async () => {
    const res = await stack.request('GET', '/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.paths['/cases'].post).toBeDefined();
    expect(res.body.components.schemas.CreateCaseRequest.properties.members).toBeDefined();
  });

  describe('a family of four registered by an officer', () => {
    const key = `create-${randomUUID()}`;
    const household = familyOfFour();
    let caseId: string;

    it('should open the case at REGISTERED, with the workflow projecting it', async () => {
      const res = await stack.request('POST', '/cases', {
        as: 'officer.rabat',
        body: household,
        headers: { 'idempotency-key': key },
      });
      expect(res.status).toBe(201);
      caseId = res.body.caseId;
      expect(res.body).toMatchObject({ stage: 'REGISTERED', version: 1, hostOffice: 'MA-RBA', countryOfOrigin: 'GN' });
      expect(res.body.reference).toMatch(/^MA-RBA-\d{4}-[0-9A-F]{8}$/);
      expect(res.body.members).toHaveLength(4);
      expect(res.body.members.map((m: any) => m.personal.givenName)).toEqual([
        'Aminata',
        'Ibrahima',
        'Fatoumata',
        'Ousmane',
      ]);
      expect(res.body.members.filter((m: any) => m.isChild)).toHaveLength(2);
    });

    it('should return the first result for a retry with the same Idempotency-Key and create nothing new', async () => {
      const retry = await stack.request('POST', '/cases', {
        as: 'officer.rabat',
        body: household,
        headers: { 'idempotency-key': key },
      });
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body.caseId).toBe(caseId);
      const {
        rows: [{ count }],
      } = await stack.db.query(`SELECT count(*)::int AS count FROM individuals WHERE family_name = $1`, [
        household.members[0].familyName,
      ]);
      expect(count).toBe(4);
      const {
        rows: [{ cases }],
      } = await stack.db.query(
        `SELECT count(DISTINCT case_id)::int AS cases FROM case_members m
        JOIN individuals i ON i.id = m.individual_id WHERE i.family_name = $1`,
        [household.members[0].familyName],
      );
      expect(cases).toBe(1);
    });

    it('should refuse the same Idempotency-Key for a different request', async () => {
      const res = await stack.request('POST', '/cases', {
        as: 'officer.rabat',
        body: singleAdult(),
        headers: { 'idempotency-key': key },
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('should find the case in the list, filtered, and page through with a cursor', async () => {
      const found = await expectEventually(async () => {
        let cursor: string | null = null;
        for (let page = 0; page < 50; page += 1) {
          const res: any = await stack.request(
            'GET',
            `/cases?office=MA-RBA&stage=REGISTERED&countryOfOrigin=GN&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
            { as: 'officer.rabat' },
          );
          expect(res.status).toBe(200);
          const hit = res.body.items.find((c: any) => c.caseId === caseId);
          if (hit) return hit;
          cursor = res.body.nextCursor;
          if (!cursor) break;
        }
        throw new Error('case not in the list');
      });
      expect(found).toMatchObject({ stage: 'REGISTERED', memberCount: 4 });
      expect(JSON.stringify(found)).not.toContain('Aminata');
      const other = await stack.request('GET', '/cases?stage=BOOKED&limit=200', { as: 'officer.rabat' });
      expect(other.body.items.find((c: any) => c.caseId === caseId)).toBeUndefined();
    });

    it('should show the opening in the audit trail with the acting officer', async () => {
      const me = await stack.request('GET', '/me', { as: 'officer.rabat' });
      const res = await stack.request('GET', `/cases/${caseId}/history`, { as: 'officer.rabat' });
      expect(res.status).toBe(200);
      expect(res.body.entries).toHaveLength(1);
      expect(res.body.entries[0]).toMatchObject({
        version: 1,
        commandType: 'CaseOpened',
        actorId: me.body.id,
        actorRole: 'officer',
        toStage: 'REGISTERED',
      });
      expect(res.body.entries[0].effectiveAt).toBeDefined();
      expect(res.body.entries[0].recordedAt).toBeDefined();
    });

    it('should keep names and phone numbers out of the Temporal history (raw bytes)', async () => {
      const history = await stack.temporal.workflow.getHandle(caseId).fetchHistory();
      const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('latin1');
      expect(raw.length).toBeGreaterThan(200);
      for (const secret of ['Aminata', 'Ibrahima', household.members[0].familyName, '600 111 222', '+212']) {
        expect(raw).not.toContain(secret);
      }
      expect(raw).toContain('binary/encrypted');
    });

    it('should show operations staff the case without any personal data', async () => {
      const res = await stack.request('GET', `/cases/${caseId}`, { as: 'operations' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ caseId, stage: 'REGISTERED', memberCount: 4 });
      expect(res.body.members).toBeUndefined();
      expect(JSON.stringify(res.body)).not.toMatch(/Aminata|Diallo|\+212/);
    });

    it('should answer 404 for a case of another office, and to a counterpart before handover', async () => {
      for (const user of ['officer.oujda', 'counterpart.conakry']) {
        const res = await stack.request('GET', `/cases/${caseId}`, { as: user });
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('CASE_NOT_FOUND');
        expect((await stack.request('GET', `/cases/${caseId}/history`, { as: user })).status).toBe(404);
      }
    });
  });

  it('should open a referral (REFERRED) when an adult has not yet given data-processing consent', async () => {
    const body = singleAdult();
    delete (body.members[0] as Record<string, unknown>).dataConsent;
    const res = await stack.request('POST', '/cases', { as: 'officer.rabat', body });
    expect(res.status).toBe(201);
    expect(res.body.stage).toBe('REFERRED');
  });

  describe('commands', () => {
    const counselling = { language: 'fr', interpreterUsed: false, mode: 'IN_PERSON', topics: ['RETURN'] };

    it('should refuse an Idempotency-Key reused for a different command, and apply nothing', async () => {
      const opened = await stack.request('POST', '/cases', { as: 'officer.rabat', body: singleAdult() });
      const caseId = opened.body.caseId;
      const key = `cmd-${randomUUID()}`;
      const first = await stack.request('POST', `/cases/${caseId}/commands`, {
        as: 'officer.rabat',
        headers: { 'idempotency-key': key },
        body: { type: 'RecordCounsellingSession', expectedVersion: 1, payload: counselling },
      });
      expect(first.status).toBe(200);
      const other = await stack.request('POST', `/cases/${caseId}/commands`, {
        as: 'officer.rabat',
        headers: { 'idempotency-key': key },
        body: { type: 'StartScreening', expectedVersion: 2, payload: {} },
      });
      expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect((await stack.request('GET', `/cases/${caseId}`, { as: 'officer.rabat' })).body.stage).toBe('COUNSELLING');
    });

    it('should refuse a receiving office that is not in the country of origin', async () => {
      const opened = await stack.request('POST', '/cases', { as: 'officer.rabat', body: singleAdult() });
      for (const office of ['SN-DKR', 'MA-RBA', 'XX-NOPE']) {
        const res = await stack.request('POST', `/cases/${opened.body.caseId}/commands`, {
          as: 'movement.rabat',
          body: {
            type: 'RecordArrival',
            expectedVersion: 1,
            payload: { receptionRecorded: true, receivingOffice: office },
          },
        });
        expect([res.status, res.body.code]).toEqual([422, 'INVALID_RECEIVING_OFFICE']);
      }
    });

    it("should answer 404 to a command on a case outside the caller's office", async () => {
      const opened = await stack.request('POST', '/cases', { as: 'officer.rabat', body: singleAdult() });
      const res = await stack.request('POST', `/cases/${opened.body.caseId}/commands`, {
        as: 'officer.oujda',
        body: { type: 'RecordCounsellingSession', expectedVersion: 1, payload: counselling },
      });
      expect([res.status, res.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    });
  });

  describe('bad input', () => {
    const config = () => stack.config;

    it.each([
      ['a missing field', { ...singleAdult(), countryOfOrigin: undefined }, 'countryOfOrigin'],
      ['a wrong type', { ...singleAdult(), members: 'everyone' }, 'members'],
      ['an unknown field', { ...singleAdult(), nationalityOfOfficer: 'MA' }, 'nationalityOfOfficer'],
      [
        'an unknown nested field',
        { ...singleAdult(), members: [{ ...singleAdult().members[0], religion: 'x' }] },
        'members[0].religion',
      ],
      [
        'a bad date of birth',
        { ...singleAdult(), members: [{ ...singleAdult().members[0], dateOfBirth: '02/04/1995' }] },
        'members[0].dateOfBirth',
      ],
      [
        'no principal applicant',
        { ...singleAdult(), members: [{ ...singleAdult().members[0], relationship: 'SPOUSE' }] },
        'members',
      ],
      ['an empty household', { ...singleAdult(), members: [] }, 'members'],
    ])('should reject %s with 400 VALIDATION_FAILED naming the field', async (_label, body, field) => {
      const res = await stack.request('POST', '/cases', { as: 'officer.rabat', body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.fields.map((f: any) => f.field)).toContain(field);
      expect(res.body.requestId).toBeDefined();
    });

    it('should reject malformed JSON with 400 MALFORMED_JSON', async () => {
      const res = await stack.request('POST', '/cases', { as: 'officer.rabat', rawBody: '{"hostOffice": ' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('MALFORMED_JSON');
    });

    it('should refuse an oversize body with 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await stack.request('POST', '/cases', {
        as: 'officer.rabat',
        rawBody: JSON.stringify({ pad: 'x'.repeat(config().http.bodyLimitBytes + 10) }),
      });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('should require a token, and reject a bad or expired one', async () => {
      const none = await stack.request('GET', '/cases');
      expect([none.status, none.body.code]).toEqual([401, 'AUTH_REQUIRED']);
      const bad = await stack.request('GET', '/cases', { token: 'not.a.jwt' });
      expect([bad.status, bad.body.code]).toEqual([401, 'TOKEN_INVALID']);
      const forged = signJwt(
        {
          sub: randomUUID(),
          username: 'x',
          role: 'supervisor',
          office: 'MA-RBA',
          country: 'MA',
          exp: Math.floor(Date.now() / 1000) + 600,
        },
        'another-secret-that-is-long-enough-0123456789',
      );
      expect((await stack.request('GET', '/cases', { token: forged })).body.code).toBe('TOKEN_INVALID');
      const expired = signJwt(
        {
          sub: randomUUID(),
          username: 'officer.rabat',
          role: 'officer',
          office: 'MA-RBA',
          country: 'MA',
          exp: Math.floor(Date.now() / 1000) - 60,
        },
        config().jwt.secret,
      );
      const res = await stack.request('GET', '/cases', { token: expired });
      expect([res.status, res.body.code]).toEqual([401, 'TOKEN_EXPIRED']);
    });

    it('should reject a wrong password without saying which part was wrong', async () => {
      const res = await stack.request('POST', '/auth/login', { body: { username: 'officer.rabat', password: 'nope' } });
      expect([res.status, res.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
      const unknown = await stack.request('POST', '/auth/login', { body: { username: 'nobody', password: 'nope' } });
      expect(unknown.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: res.body.message });
    });

    it('should forbid roles that may not register cases, and another office', async () => {
      for (const user of ['operations', 'counterpart.conakry', 'admin']) {
        const res = await stack.request('POST', '/cases', { as: user, body: singleAdult() });
        expect([res.status, res.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
      }
      const other = await stack.request('POST', '/cases', { as: 'officer.oujda', body: singleAdult() });
      expect([other.status, other.body.code]).toEqual([403, 'OFFICE_OUT_OF_SCOPE']);
    });

    it('should answer 404 for an unknown case and for a malformed case id', async () => {
      expect((await stack.request('GET', `/cases/${randomUUID()}`, { as: 'officer.rabat' })).body.code).toBe(
        'CASE_NOT_FOUND',
      );
      expect((await stack.request('GET', '/cases/not-a-uuid', { as: 'officer.rabat' })).body.code).toBe(
        'CASE_NOT_FOUND',
      );
      expect((await stack.request('GET', '/ops/cases/not-a-uuid', { as: 'operations' })).body.code).toBe(
        'CASE_NOT_FOUND',
      );
      const approve = await stack.request('POST', '/ops/actions/not-a-uuid/approve', { as: 'operations', body: {} });
      expect([approve.status, approve.body.code]).toEqual([404, 'ACTION_NOT_FOUND']);
    });

    it('should reject a bad list filter and a forged cursor', async () => {
      const stage = await stack.request('GET', '/cases?stage=FLYING', { as: 'officer.rabat' });
      expect([stage.status, stage.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const cursor = await stack.request('GET', '/cases?cursor=abc', { as: 'officer.rabat' });
      expect([cursor.status, cursor.body.code]).toEqual([400, 'INVALID_CURSOR']);
    });

    it('should answer an unknown route with the same error shape', async () => {
      const res = await stack.request('GET', '/nothing-here', { as: 'officer.rabat' });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    });
  });
});
