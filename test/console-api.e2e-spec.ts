import { randomInt, randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '../libs/persistence/src/demo-data';
import { singleAdult } from './helpers/households';
import { CaseDriver, selfDeclaration, singleAdultReady, days, toScreening } from './helpers/journey';
import { TestStack } from './helpers/stack';
import {
  arrivedInConakry,
  businessPlan,
  CONAKRY,
  FINANCE,
  FINANCE2,
  readyForPlan,
} from './journeys/reintegration-support';

/**
 * The API of the web console: the cookie session and its CSRF defence, session recovery and sign-out, bull-board in
 * the browser for operations, the language preference, the case search (normalised, scoped, refused to roles that
 * may not see identity) and the role work queues on real cases driven by commands.
 */

interface Session {
  cookie: string;
  csrf: string;
  setCookie: string;
  body: any;
}

describe('console API', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Signs in as a browser does: the cookie from Set-Cookie, the CSRF token from the body. */
  async function signIn(username: string): Promise<Session> {
    const res = await stack.request('POST', '/auth/login', { body: { username, password: DEMO_PASSWORD } });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    const value = setCookie.match(/^avrr_session=([^;]+)/)?.[1];
    if (!value) throw new Error(`no session cookie in ${setCookie}`);
    return { cookie: `avrr_session=${value}`, csrf: res.body.csrfToken, setCookie, body: res.body };
  }

  /** A request authenticated by the cookie only (no Authorization header), with the CSRF token when given. */
  function browser(method: string, url: string, s: Session, opts: { csrf?: string | null; body?: unknown } = {}) {
    const csrf = opts.csrf === undefined ? s.csrf : opts.csrf;
    return stack.request(method, url, {
      body: opts.body,
      headers: { cookie: s.cookie, ...(csrf !== null ? { 'x-csrf-token': csrf } : {}) },
    });
  }

  describe('session', () => {
    let officer: Session;

    it('should set an httpOnly, SameSite=Strict session cookie at login and still return the token and a CSRF token', async () => {
      officer = await signIn('officer.rabat');
      const attributes = officer.setCookie.split(';').map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/', 'max-age=3600']));
      expect(attributes).not.toContain('secure'); // NODE_ENV is not production here
      expect(officer.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 3600,
        accessToken: expect.any(String),
        csrfToken: expect.stringMatching(/^[\w-]{43}$/),
        user: { username: 'officer.rabat', role: 'officer', office: 'MA-RBA', displayName: 'AVRR officer, Rabat' },
      });
      expect(officer.cookie).toBe(`avrr_session=${officer.body.accessToken}`);
    });

    it('should recover the session of a reloaded console from the cookie alone', async () => {
      const res = await browser('GET', '/auth/session', officer, { csrf: null });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        user: expect.objectContaining({
          username: 'officer.rabat',
          role: 'officer',
          displayName: 'AVRR officer, Rabat',
        }),
        csrfToken: officer.csrf,
        expiresAt: expect.any(String),
      });
      const left = Date.parse(res.body.expiresAt) - Date.now();
      expect(left).toBeGreaterThan(3500_000);
      expect(left).toBeLessThanOrEqual(3600_000);
      const none = await stack.request('GET', '/auth/session');
      expect(none.status).toBe(401);
      expect(none.body.code).toBe('AUTH_REQUIRED');
      const garbage = await stack.request('GET', '/auth/session', { headers: { cookie: 'avrr_session=not-a-jwt' } });
      expect(garbage.status).toBe(401);
      expect(garbage.body.code).toBe('TOKEN_INVALID');
    });

    it('should read with the cookie and no CSRF token, and refuse a write without the token of this session', async () => {
      expect((await browser('GET', '/cases?limit=1', officer, { csrf: null })).status).toBe(200);
      const household = singleAdult();
      const missing = await browser('POST', '/cases', officer, { csrf: null, body: household });
      expect(missing.status).toBe(403);
      expect(missing.body).toMatchObject({ code: 'CSRF_TOKEN_INVALID', requestId: expect.any(String) });
      const other = await signIn('officer.rabat'); // a second session of the same user: its token is not this one's
      const foreign = await browser('POST', '/cases', officer, { csrf: other.csrf, body: household });
      expect(foreign.status).toBe(403);
      expect(foreign.body.code).toBe('CSRF_TOKEN_INVALID');
      const mangled = await browser('PUT', '/me/preferences', officer, {
        csrf: `${officer.csrf.slice(0, -1)}A`,
        body: { language: 'fr' },
      });
      expect(mangled.status).toBe(403);
      const created = await browser('POST', '/cases', officer, { body: household });
      expect(created.status).toBe(201);
      // A bearer header wins over the cookie and needs no CSRF token (not a browser's ambient credential).
      const bearer = await stack.request('POST', '/cases', {
        body: singleAdult(),
        headers: { authorization: `Bearer ${officer.body.accessToken}`, cookie: 'avrr_session=not-a-jwt' },
      });
      expect(bearer.status).toBe(201);
    });

    it('should clear the cookie at logout', async () => {
      const res = await browser('POST', '/auth/logout', officer, { csrf: null });
      expect(res.status).toBe(204);
      const cleared = res.headers.get('set-cookie') ?? '';
      expect(cleared).toMatch(/^avrr_session=;/);
      expect(cleared.toLowerCase()).toMatch(/max-age=0|expires=thu, 01 jan 1970/);
      expect(cleared.toLowerCase()).toContain('httponly');
      // Without a session, logout still answers 204 (an expired console can always sign out).
      expect((await stack.request('POST', '/auth/logout')).status).toBe(204);
    });
  });

  describe('bull-board with the session cookie', () => {
    it('should open read-only for operations and stay closed to an officer and to nobody', async () => {
      const ops = await signIn('operations');
      const page = await browser('GET', '/ops/queues/', ops, { csrf: null });
      expect(page.status).toBe(200);
      expect(String(page.headers.get('content-type'))).toContain('text/html');
      const queues = await browser('GET', '/ops/queues/api/queues', ops, { csrf: null });
      expect(queues.status).toBe(200);
      expect(JSON.stringify(queues.body)).toContain('reminders');
      const write = await browser('PUT', '/ops/queues/api/queues/reminders/clean/completed', ops);
      expect(write.status).toBe(405);
      expect(write.body.code).toBe('READ_ONLY');
      const officer = await signIn('officer.rabat');
      const refused = await browser('GET', '/ops/queues/', officer, { csrf: null });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('ROLE_NOT_ALLOWED');
      const anonymous = await stack.request('GET', '/ops/queues/');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('AUTH_REQUIRED');
    });
  });

  describe('language preference', () => {
    it('should store the language and show it with the display name in /me and the session', async () => {
      const s = await signIn('counterpart.dakar');
      const saved = await browser('PUT', '/me/preferences', s, { body: { language: 'ar' } });
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual({ language: 'ar' });
      const me = await browser('GET', '/me', s, { csrf: null });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ username: 'counterpart.dakar', language: 'ar', displayName: expect.any(String) });
      expect((await browser('GET', '/auth/session', s, { csrf: null })).body.user.language).toBe('ar');
      expect((await signIn('counterpart.dakar')).body.user.language).toBe('ar');
      await browser('PUT', '/me/preferences', s, { body: { language: 'fr' } });
      expect((await browser('GET', '/me', s, { csrf: null })).body.language).toBe('fr');
    });

    it('should refuse a language the console does not have, and unknown fields', async () => {
      const s = await signIn('officer.rabat');
      for (const body of [{ language: 'de' }, {}, { language: 'fr', theme: 'dark' }, { language: null }]) {
        const res = await browser('PUT', '/me/preferences', s, { body });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('case search', () => {
    const tag = randomUUID().slice(0, 8); // a word of letters and digits no other case has
    const digits = `6${String(randomInt(10_000_000, 99_999_999))}`;
    let c: CaseDriver;

    const search = (as: string, params: Record<string, string>) =>
      stack.request('GET', `/cases?${new URLSearchParams({ limit: '200', ...params }).toString()}`, { as });
    const ids = (res: any) => (res.body.items ?? []).map((i: any) => i.caseId);

    beforeAll(async () => {
      c = await CaseDriver.open(
        stack,
        'officer.rabat',
        singleAdult({
          members: [
            {
              givenName: 'Aïssatou',
              familyName: `Bâh ${tag}`,
              aliases: ['Ayssatou Ba'],
              sex: 'F',
              dateOfBirth: '1993-07-21',
              relationship: 'PA',
              nationality: 'GN',
              languages: ['fr'],
              phone: `+212 ${digits.slice(0, 3)} ${digits.slice(3)}`,
              dataConsent: { given: true, signatory: 'SELF', formVersion: 'DP-2026-1', language: 'fr' },
            },
          ],
        }),
        ['pa'],
      );
    });

    it('should find a case by name words, whatever their case and accents, and not by a word it lacks', async () => {
      for (const q of [`bah ${tag}`, `BÂH ${tag.toUpperCase()}`, `aissatou ${tag}`, `AÏSS ${tag}`, `ayssatou ${tag}`]) {
        const res = await search('officer.rabat', { q });
        expect(res.status).toBe(200);
        expect(ids(res)).toEqual([c.caseId]);
      }
      expect(ids(await search('officer.rabat', { q: `bah ${tag} fatou` }))).toEqual([]);
    });

    it('should find it by reference, exactly and by its beginning, and by phone and date of birth', async () => {
      const reference: string = c.view.reference;
      expect(ids(await search('officer.rabat', { q: reference }))).toEqual([c.caseId]);
      expect(ids(await search('officer.rabat', { q: reference.toLowerCase().slice(0, -2) }))).toContain(c.caseId);
      expect(ids(await search('officer.rabat', { phone: digits.slice(-7) }))).toEqual([c.caseId]);
      expect(ids(await search('officer.rabat', { phone: `(+212) ${digits.slice(0, 3)}-${digits.slice(3)}` }))).toEqual([
        c.caseId,
      ]);
      expect(ids(await search('officer.rabat', { q: tag, dateOfBirth: '1993-07-21' }))).toEqual([c.caseId]);
      expect(ids(await search('officer.rabat', { q: tag, dateOfBirth: '1993-07-22' }))).toEqual([]);
      expect(ids(await search('officer.rabat', { dateOfBirth: '1993-07-21', phone: digits }))).toEqual([c.caseId]);
    });

    it('should answer with the role-shaped list item, paginated like the list', async () => {
      const res = await search('movement.rabat', { q: tag });
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      const [item] = res.body.items;
      expect(JSON.stringify(item)).not.toMatch(/Aïssatou|Bâh|1993-07-21/); // the list shows D0 only
      expect(item).toMatchObject({ caseId: c.caseId, stage: 'REGISTERED', daysInStage: 0, dueReminders: 0 });
      expect(item.awaiting).toEqual([]);
      const first = await search('officer.rabat', { q: 'MA-RBA-', limit: '1' });
      expect(first.body.items).toHaveLength(1);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await search('officer.rabat', { q: 'MA-RBA-', limit: '1', cursor: first.body.nextCursor });
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0].caseId).not.toBe(first.body.items[0].caseId);
    });

    it("should search only the caller's scope", async () => {
      expect(ids(await search('officer.oujda', { q: `bah ${tag}` }))).toEqual([]);
      expect(ids(await search('counterpart.conakry', { q: `bah ${tag}` }))).toEqual([]); // not handed over yet
      expect(ids(await search('operations', { q: c.view.reference }))).toEqual([c.caseId]); // organisation-wide, D0
    });

    it('should refuse a search by identity to the roles that may not see identity', async () => {
      for (const [as, params] of [
        ['finance.conakry', { q: 'bah' }],
        ['operations', { q: `bah ${tag}` }],
        ['operations', { phone: digits }],
        ['finance.conakry', { dateOfBirth: '1993-07-21' }],
      ] as const) {
        const res = await search(as, params);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
        expect(res.body.message).toMatch(/would reveal who is in a case/);
      }
      expect((await search('finance.conakry', { q: 'GN-CKY-2026' })).status).toBe(200); // a reference is theirs to search
    });

    it('should refuse bad input with 400 VALIDATION_FAILED', async () => {
      const bad: Record<string, string>[] = [
        { q: 'ba\u0000h' },
        { q: 'x'.repeat(101) },
        { q: '   ' },
        { q: '%%__' },
        { dateOfBirth: '1993-02-30' },
        { dateOfBirth: '21/07/1993' },
        { phone: '12345' },
        { phone: '+212 abc' },
        { phone: '1'.repeat(33) },
        { awaiting: 'yours' },
        { awaitingCommand: 'Approve' },
        { awaiting: 'mine', awaitingCommand: 'Fly' },
      ];
      for (const params of bad) {
        const res = await search('officer.rabat', params);
        expect([res.status, res.body.code, params]).toEqual([400, 'VALIDATION_FAILED', params]);
      }
    });
  });

  describe('work queues on real cases', () => {
    const queue = (as: string, extra = '') =>
      stack.request('GET', `/cases?awaiting=mine&limit=200${extra}`, { as }).then((res) => {
        expect(res.status).toBe(200);
        return res.body.items as any[];
      });
    const itemOf = async (as: string, caseId: string, extra = '') =>
      (await queue(as, extra)).find((i) => i.caseId === caseId);

    it("should put a vulnerable case's approval in the supervisor's queue, not the officer's", async () => {
      const c = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
      expect((await itemOf('officer.rabat', c.caseId))?.awaiting).toEqual(['RecordCounsellingSession']);
      await toScreening(c, 'officer.rabat', [{ memberId: c.id('pa'), vulnerabilities: ['DISABILITY'] }]);
      await c.run('officer.rabat', 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('pa')));
      expect((await itemOf('supervisor.rabat', c.caseId))?.awaiting).toEqual(['Approve']);
      expect(await itemOf('supervisor.rabat', c.caseId, '&awaitingCommand=Approve')).toBeDefined();
      expect(await itemOf('supervisor.rabat', c.caseId, '&awaitingCommand=RecordNoShowReview')).toBeUndefined();
      expect(await itemOf('officer.rabat', c.caseId)).toBeUndefined();
      await c.run('supervisor.rabat', 'Approve', {});
      expect(await itemOf('supervisor.rabat', c.caseId)).toBeUndefined();
    });

    it("should put the booking in the movement assistant's queue, with the work queue's fields", async () => {
      const c = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
      await singleAdultReady(c, days(60));
      const item = await itemOf('movement.rabat', c.caseId);
      expect(item).toMatchObject({
        stage: 'READY_FOR_BOOKING',
        awaiting: ['ConfirmBooking'],
        daysInStage: 0,
        dueReminders: 0,
        nextDeadline: { kind: 'DOCUMENT_EXPIRY', dueAt: expect.any(String) },
      });
      expect(item.slaState === null || typeof item.slaState === 'string').toBe(true);
      expect(await itemOf('movement.rabat', c.caseId, '&awaitingCommand=RecordDeparture')).toBeUndefined();
      await c.run('movement.rabat', 'ConfirmBooking', {
        departureDate: days(5),
        itineraryRef: `IT-${randomUUID().slice(0, 6)}`,
        fundsAvailable: true,
        bookingHoldUntil: new Date(Date.now() + 48 * 3600_000).toISOString(),
      });
      const booked = await itemOf('movement.rabat', c.caseId);
      expect(booked.awaiting).toEqual(['RecordTicketIssued', 'RecordDeparture']);
      expect(booked.nextDeadline.kind).toBe('BOOKING_HOLD_EXPIRY');
      expect(await itemOf('officer.rabat', c.caseId)).toBeUndefined();
    });

    it('should count the reminders delivered to the caller, unread, not cancelled, of kinds the caller may see', async () => {
      const c = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
      const [{ id: userId }] = (await stack.db.query(`SELECT id FROM users WHERE username = 'movement.rabat'`)).rows;
      // As the reminder processor leaves them: a delivered reminder and its notification to the user.
      const deliver = async (kind: string, status = 'DELIVERED') => {
        const id = `${c.caseId}.${kind}.case.0`;
        await stack.db.query(
          `INSERT INTO reminders (id, case_id, kind, subject, step, recipients, due_at, status, case_version)
           VALUES ($1, $2, $3, 'case', 0, '[]', now(), $4, 1)`,
          [id, c.caseId, kind, status],
        );
        await stack.db.query(
          `INSERT INTO notifications (user_id, kind, case_id, reminder_id, body) VALUES ($1, 'REMINDER', $2, $3, '{}')`,
          [userId, c.caseId, id],
        );
      };
      const due = async () =>
        (await stack.request('GET', `/cases?q=${c.view.reference}`, { as: 'movement.rabat' })).body.items[0]
          .dueReminders;
      expect(await due()).toBe(0);
      await deliver('DEPARTURE_CALL');
      expect(await due()).toBe(1);
      await deliver('VOT_REASSESSMENT'); // reveals a VoT assessment: not a kind the movement assistant sees
      await deliver('DOCUMENT_EXPIRY', 'CANCELLED');
      expect(await due()).toBe(1);
      expect(
        (await stack.request('GET', `/cases?q=${c.view.reference}`, { as: 'officer.rabat' })).body.items[0]
          .dueReminders,
      ).toBe(0); // not theirs
      await stack.db.query(`UPDATE notifications SET read_at = now() WHERE case_id = $1`, [c.caseId]);
      expect(await due()).toBe(0);
    });

    it("should put the handover in the counterpart's queue and then the tranches in finance's, two persons apart", async () => {
      const c = await arrivedInConakry(stack, ['DISABILITY']);
      expect((await itemOf(CONAKRY, c.caseId))?.awaiting).toEqual(['AcknowledgeHandover']);
      expect(await itemOf('counterpart.dakar', c.caseId)).toBeUndefined(); // another office's case
      await readyForPlan(c);
      expect((await itemOf(CONAKRY, c.caseId))?.awaiting).toEqual(['AgreePlan']);
      await c.run(CONAKRY, 'AgreePlan', businessPlan());
      expect(await itemOf(FINANCE, c.caseId)).toBeUndefined();
      await c.run(CONAKRY, 'RequestTranche', { trancheId: 'P1-T1' });
      expect((await itemOf(FINANCE, c.caseId))?.awaiting).toEqual(['ApproveTranche']);
      expect((await itemOf(FINANCE2, c.caseId, '&awaitingCommand=ApproveTranche'))?.awaiting).toEqual([
        'ApproveTranche',
      ]);
      await c.run(FINANCE, 'ApproveTranche', { trancheId: 'P1-T1' });
      // The approver may not record the payment: the case leaves their queue and waits on the second officer.
      expect(await itemOf(FINANCE, c.caseId)).toBeUndefined();
      expect(await itemOf(FINANCE, c.caseId, '&awaitingCommand=RecordTranchePayment')).toBeUndefined();
      const all = await stack.request('GET', `/cases?limit=200`, { as: FINANCE });
      expect(all.body.items.find((i: any) => i.caseId === c.caseId).awaiting).toEqual([]);
      expect((await itemOf(FINANCE2, c.caseId))?.awaiting).toEqual(['RecordTranchePayment']);
      await c.run(FINANCE2, 'RecordTranchePayment', {
        trancheId: 'P1-T1',
        paymentRef: `MM-${randomUUID().slice(0, 8)}`,
      });
      expect(await itemOf(FINANCE2, c.caseId)).toBeUndefined();
    });

    it('should give roles without work an empty queue', async () => {
      expect(await queue('operations')).toEqual([]);
    });
  });

  describe('history with names', () => {
    it('should name the staff behind each entry for casework, never for operations', async () => {
      const c = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
      const entries = await c.history('officer.rabat');
      expect(entries[0]).toMatchObject({ commandType: 'CaseOpened', actorName: 'AVRR officer, Rabat' });
      const ops = await stack.request('GET', `/cases/${c.caseId}/history`, { as: 'operations' });
      expect(ops.status).toBe(200);
      expect(ops.body.entries[0]).not.toHaveProperty('actorName');
      expect(JSON.stringify(ops.body)).not.toContain('AVRR officer, Rabat');
    });
  });

  describe('OpenAPI', () => {
    it('should declare the new operations and fields with their response classes', async () => {
      const doc = (await stack.request('GET', '/docs/openapi.json')).body;
      const op = (method: string, path: string) => doc.paths[path]?.[method];
      expect(op('post', '/auth/login').operationId).toBe('login');
      expect(op('get', '/auth/session').operationId).toBe('getSession');
      expect(op('post', '/auth/logout').operationId).toBe('logout');
      expect(op('get', '/me').operationId).toBe('getMe');
      expect(op('put', '/me/preferences').operationId).toBe('updatePreferences');
      expect(op('get', '/cases').operationId).toBe('listCases');
      const params = op('get', '/cases').parameters.map((p: any) => p.name);
      expect(params).toEqual(expect.arrayContaining(['q', 'dateOfBirth', 'phone', 'awaiting', 'awaitingCommand']));
      const schemas = doc.components.schemas;
      expect(Object.keys(schemas.CaseListItemResponse.properties)).toEqual(
        expect.arrayContaining(['daysInStage', 'slaState', 'nextDeadline', 'dueReminders', 'awaiting']),
      );
      expect(Object.keys(schemas.SessionResponse.properties).sort()).toEqual(['csrfToken', 'expiresAt', 'user']);
      expect(Object.keys(schemas.LoginResponse.properties)).toContain('csrfToken');
      expect(schemas.HistoryEntryResponse.properties).toHaveProperty('actorName');
      expect(op('get', '/auth/session').responses['200'].content['application/json'].schema.$ref).toMatch(
        /SessionResponse$/,
      );
    });
  });
});
