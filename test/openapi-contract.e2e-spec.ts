import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { singleAdult } from './helpers/households';
import { days } from './helpers/journey';
import { OpenApiContract } from './helpers/openapi';
import { type Response, TestStack } from './helpers/stack';
import { businessPlan } from './journeys/reintegration-support';

/**
 * The OpenAPI document is a contract a client can trust (the console's typed client is generated from it): the
 * README's examples are valid requests, and real responses of the running API, for several roles and for every
 * error status a client must handle, match the schema the document declares for their operation and status.
 */

/** The request bodies of the README's "Trying it by hand" (`-d '...'`): login, registration, a command. */
function readmeBodies(): { login: any; createCase: any; command: any } {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Trying it by hand'));
  const bodies = [...section.slice(0, section.indexOf('```', section.indexOf('```') + 3)).matchAll(/-d '([^']*)'/g)];
  const [login, createCase, command] = bodies.map((m) => JSON.parse(m[1]) as unknown);
  if (bodies.length !== 3) throw new Error(`expected 3 example bodies in the README, found ${bodies.length}`);
  return { login, createCase, command };
}

const OFFICER = 'officer.rabat';
const OPERATIONS = 'operations';
const COUNTERPART = 'counterpart.conakry';
const NO_CASE = '00000000-0000-4000-8000-000000000000';

describe('OpenAPI contract: the document, the README and real responses agree', () => {
  const contract = OpenApiContract.load();
  const readme = readmeBodies();

  describe('the document', () => {
    it('should give every operation a unique operationId, a success response and the error schema for its errors', () => {
      const ids = contract.operations().map((o) => o.operation.operationId as string);
      expect(ids.every((id) => /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      for (const { operation } of contract.operations()) {
        const statuses = Object.keys(operation.responses as object);
        // A 302 is the success of a browser redirect (the OpenID Connect sign-in); every other operation answers 2xx.
        expect([operation.operationId, statuses.some((s) => /^2|^302$/.test(s))]).toEqual([
          operation.operationId,
          true,
        ]);
        for (const s of statuses.filter((x) => /^[45]/.test(x)))
          expect([operation.operationId, s, operation.responses[s].content['application/json'].schema]).toEqual([
            operation.operationId,
            s,
            { $ref: '#/components/schemas/ErrorResponse' },
          ]);
      }
    });

    it('should make the command body a discriminated union on type, with no payload schema that accepts anything', () => {
      const union = contract.doc.components.schemas.CaseCommandRequest;
      expect(union.discriminator.propertyName).toBe('type');
      expect(Object.keys(union.discriminator.mapping)).toHaveLength(union.oneOf.length);
      for (const [type, ref] of Object.entries<string>(union.discriminator.mapping)) {
        const branch = contract.doc.components.schemas[ref.split('/').pop()!];
        expect([type, branch.properties.type.enum]).toEqual([type, [type]]);
        const payload = contract.doc.components.schemas[branch.properties.payload.$ref.split('/').pop()];
        expect([type, payload.type, payload.additionalProperties]).toEqual([type, 'object', false]);
      }
    });
  });

  describe("the README's examples", () => {
    it('should be valid requests of login, createCase and applyCommand', () => {
      contract.expectValidRequest('login', readme.login);
      contract.expectValidRequest('createCase', readme.createCase);
      contract.expectValidRequest('applyCommand', readme.command);
    });

    it('should match exactly one command schema: RecordCounsellingSession', () => {
      expect(contract.matchingBranches('CaseCommandRequest', readme.command)).toEqual([
        '#/components/schemas/RecordCounsellingSessionCommand',
      ]);
    });

    it('should refuse a payload under another type, and a field in a payload that has none', () => {
      const validate = contract.validator(contract.requestSchema('applyCommand'));
      expect(validate({ ...readme.command, type: 'StartScreening' })).toBe(false);
      expect(validate({ type: 'StartScreening', expectedVersion: 2, payload: {} })).toBe(true);
      expect(validate({ type: 'StartScreening', expectedVersion: 2, payload: { language: 'fr' } })).toBe(false);
      expect(validate({ ...readme.command, type: 'NoSuchCommand' })).toBe(false);
    });
  });

  describe('real responses, checked against the document', () => {
    let stack: TestStack;
    let caseId: string;
    let version: number;
    /** Sends a request and checks the answer against the operation's declared response for its status. */
    const call = async (
      operationId: string,
      method: string,
      url: string,
      opts: Parameters<TestStack['request']>[2] = {},
    ): Promise<Response> => contract.expectValidResponse(operationId, await stack.request(method, url, opts));

    beforeAll(async () => {
      stack = await TestStack.start();
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it('should serve at /docs/openapi.json the document that is checked in', async () => {
      const served = await stack.request('GET', '/docs/openapi.json');
      expect(served.status).toBe(200);
      expect(served.body).toEqual(contract.doc);
    });

    it('should answer health, login and the caller as declared', async () => {
      await call('healthLive', 'GET', '/health/live');
      await call('healthReady', 'GET', '/health/ready');
      const login = await call('login', 'POST', '/auth/login', { body: readme.login });
      expect(login.status).toBe(200);
      const token = login.body.accessToken as string;
      expect(
        (await call('login', 'POST', '/auth/login', { body: { ...readme.login, password: 'wrong' } })).status,
      ).toBe(401);
      expect((await call('login', 'POST', '/auth/login', { body: { username: 'x' } })).status).toBe(400);
      const xml = await call('login', 'POST', '/auth/login', {
        rawBody: '<login/>',
        headers: { 'content-type': 'application/xml' },
      });
      expect([xml.status, xml.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      expect((await call('getMe', 'GET', '/me', { token })).body.role).toBe('officer');
      expect((await call('getMe', 'GET', '/me')).body.code).toBe('AUTH_REQUIRED');
      expect((await call('getMe', 'GET', '/me', { token: 'not-a-jwt' })).status).toBe(401);
    });

    it("should register the README's household and answer a retry, a refused role and bad input as declared", async () => {
      const key = `contract-${randomUUID()}`;
      const created = await call('createCase', 'POST', '/cases', {
        as: OFFICER,
        body: readme.createCase,
        headers: { 'idempotency-key': key },
      });
      expect(created.status).toBe(201);
      caseId = created.body.caseId;
      version = created.body.version;
      const replay = await call('createCase', 'POST', '/cases', {
        as: OFFICER,
        body: readme.createCase,
        headers: { 'idempotency-key': key },
      });
      expect(replay.status).toBe(200);
      expect(
        (await call('createCase', 'POST', '/cases', { as: 'medical.rabat', body: readme.createCase })).status,
      ).toBe(403);
      const invalid = await call('createCase', 'POST', '/cases', {
        as: OFFICER,
        body: { ...readme.createCase, members: [] },
      });
      expect(invalid.status).toBe(400);
      const badKey = await call('createCase', 'POST', '/cases', {
        as: OFFICER,
        body: readme.createCase,
        headers: { 'idempotency-key': 'short' },
      });
      expect([badKey.status, badKey.body.code]).toEqual([400, 'INVALID_IDEMPOTENCY_KEY']);
    });

    it("should apply the README's counselling command, and answer stale, refused, invalid and future commands as declared", async () => {
      const send = (as: string, body: unknown, headers: Record<string, string> = {}) =>
        call('applyCommand', 'POST', `/cases/${caseId}/commands`, { as, body, headers });
      const applied = await send(OFFICER, { ...readme.command, expectedVersion: version });
      expect([applied.status, applied.body.stage]).toEqual([200, 'COUNSELLING']);
      expect(applied.body.availableCommands.length).toBeGreaterThan(0);
      version = applied.body.version;

      const stale = await send(OFFICER, { ...readme.command, expectedVersion: version - 1 });
      expect([stale.status, stale.body.code, stale.body.details.currentVersion]).toEqual([
        409,
        'STALE_VERSION',
        version,
      ]);
      const role = await send('movement.rabat', { type: 'StartScreening', expectedVersion: version, payload: {} });
      expect([role.status, role.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
      const unknownField = await send(OFFICER, { type: 'StartScreening', expectedVersion: version, payload: { x: 1 } });
      expect([unknownField.status, unknownField.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(unknownField.body.details.fields[0].field).toBe('payload.x');
      const future = await send(OFFICER, {
        ...readme.command,
        expectedVersion: version,
        effectiveAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      expect([future.status, future.body.code]).toEqual([422, 'EFFECTIVE_TIME_IN_FUTURE']);
      const wrongStage = await send(OFFICER, {
        type: 'MarkReadyForBooking',
        expectedVersion: version,
        payload: { receptionConfirmed: true },
      });
      expect([wrongStage.status, wrongStage.body.code]).toEqual([409, 'NOT_ALLOWED_IN_STAGE']);
      const missing = await call('applyCommand', 'POST', `/cases/${NO_CASE}/commands`, {
        as: OFFICER,
        body: { ...readme.command, expectedVersion: 1 },
      });
      expect([missing.status, missing.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
      const malformed = await call('applyCommand', 'POST', `/cases/${caseId}/commands`, {
        as: OFFICER,
        rawBody: '{"type":',
      });
      expect([malformed.status, malformed.body.code]).toEqual([400, 'MALFORMED_JSON']);
      const started = await send(OFFICER, { type: 'StartScreening', expectedVersion: version, payload: {} });
      expect(started.status).toBe(200);
      version = started.body.version;
    });

    it('should shape the case, its requirements and history for each role as declared', async () => {
      for (const as of [
        OFFICER,
        'supervisor.rabat',
        'protection.rabat',
        'medical.rabat',
        'movement.rabat',
        OPERATIONS,
      ]) {
        const got = await call('getCase', 'GET', `/cases/${caseId}`, { as });
        expect([as, got.status, got.body.version]).toEqual([as, 200, version]);
        await call('getRequirements', 'GET', `/cases/${caseId}/requirements`, { as });
        await call('getHistory', 'GET', `/cases/${caseId}/history`, { as });
      }
      // the check bites on real bodies: a caseworker view with a member's identity or the stage gone wrong fails
      const real = (await stack.request('GET', `/cases/${caseId}`, { as: OFFICER })).body;
      const broken = [
        { ...real, stage: 'NOWHERE' },
        { ...real, members: [{ ...real.members[0], personal: 'Mamadou' }] },
        { ...real, version: String(real.version) },
      ];
      for (const body of broken)
        expect(() => contract.expectValidResponse('getCase', { status: 200, body, headers: new Headers() })).toThrow(
          /does not match the document/,
        );
      // the summary (operations) and the caseworker view differ in shape; both are the one declared schema
      expect((await stack.request('GET', `/cases/${caseId}`, { as: OPERATIONS })).body.memberCount).toBe(1);
      expect((await call('getCase', 'GET', `/cases/${NO_CASE}`, { as: OFFICER })).status).toBe(404);
      expect((await call('getCase', 'GET', `/cases/${caseId}`, { as: COUNTERPART })).status).toBe(404);
      expect((await call('getCase', 'GET', '/cases/not-a-uuid', { as: OFFICER })).status).toBe(404);
      expect((await call('getRequirements', 'GET', `/cases/${NO_CASE}/requirements`, { as: OFFICER })).status).toBe(
        404,
      );
      expect((await call('getHistory', 'GET', `/cases/${caseId}/history`)).status).toBe(401);
      const reads = await call('listSpecialCategoryReads', 'GET', `/cases/${caseId}/special-category-reads`, {
        as: 'supervisor.rabat',
      });
      expect(reads.status).toBe(200);
      expect(
        (await call('listSpecialCategoryReads', 'GET', `/cases/${caseId}/special-category-reads`, { as: OFFICER }))
          .status,
      ).toBe(403);
    });

    it('should list cases page by page as declared', async () => {
      const page = await call('listCases', 'GET', '/cases?limit=1', { as: OFFICER });
      expect(page.body.items).toHaveLength(1);
      await call('listCases', 'GET', '/cases?limit=5', { as: OPERATIONS });
      const bad = await call('listCases', 'GET', '/cases?cursor=nonsense', { as: OFFICER });
      expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_CURSOR']);
      expect((await call('listCases', 'GET', '/cases?limit=0', { as: OFFICER })).status).toBe(400);
    });

    it('should show notifications as declared', async () => {
      await call('listNotifications', 'GET', '/me/notifications', { as: OFFICER });
      await call('listNotifications', 'GET', '/me/notifications?unread=true&limit=5', { as: 'supervisor.rabat' });
      expect((await call('listNotifications', 'GET', '/me/notifications?unread=maybe', { as: OFFICER })).status).toBe(
        400,
      );
      await call('markAllNotificationsRead', 'POST', '/me/notifications/read-all', { as: OFFICER });
      expect(
        (await call('markNotificationRead', 'POST', '/me/notifications/999999999999999999/read', { as: OFFICER }))
          .status,
      ).toBe(404);
    });

    it('should follow a returnee after arrival as the counterpart, finance and a supervisor see it, as declared', async () => {
      const inbound = {
        ...singleAdult(),
        hostOffice: 'ES-MAD',
        referralSource: 'OTHER_IOM_MISSION',
        startAt: 'ARRIVED',
        receivingOffice: 'GN-CKY',
        arrivedAt: new Date(Date.now() - 86_400_000).toISOString(),
      };
      const opened = await call('createCase', 'POST', '/cases', { as: COUNTERPART, body: inbound });
      expect([opened.status, opened.body.stage]).toEqual([201, 'ARRIVED']);
      const id = opened.body.caseId as string;
      let v = opened.body.version as number;
      const run = async (type: string, payload: unknown) => {
        const res = await call('applyCommand', 'POST', `/cases/${id}/commands`, {
          as: COUNTERPART,
          body: { type, expectedVersion: v, payload },
        });
        expect([type, res.status]).toEqual([type, 200]);
        v = res.body.version;
        return res.body;
      };
      await run('AcknowledgeHandover', {});
      await run('RecordReintegrationAssessment', { needs: ['INCOME'], skills: ['TAILORING'] });
      const planned = await run(
        'AgreePlan',
        businessPlan({ tranches: [{ amount: 1300.5, payeeRef: 'PAYEE-1', modality: 'CASH', dueDate: days(7) }] }),
      );
      expect(planned.reintegration.plan.planVersion).toBe(1);
      for (const as of [COUNTERPART, 'finance.conakry', 'supervisor.conakry', OPERATIONS]) {
        const got = await call('getCase', 'GET', `/cases/${id}`, { as });
        expect([as, got.status]).toEqual([as, 200]);
        await call('getRequirements', 'GET', `/cases/${id}/requirements`, { as });
        await call('getHistory', 'GET', `/cases/${id}/history`, { as });
      }
      const finance = await stack.request('GET', `/cases/${id}`, { as: 'finance.conakry' });
      expect(finance.body.reintegration.tranches).toHaveLength(1);
      expect(finance.body.members).toBeUndefined();
    });

    it('should answer the operations endpoints as declared, their refusals included', async () => {
      const stuck = await call('listStuckCases', 'GET', '/ops/stuck', { as: OPERATIONS });
      expect(stuck.body.engine.taskQueue).toBeTruthy();
      await call('listStuckCases', 'GET', '/ops/stuck?kind=BUSINESS&limit=10', { as: OPERATIONS });
      expect((await call('listStuckCases', 'GET', '/ops/stuck?kind=SIDEWAYS', { as: OPERATIONS })).status).toBe(400);
      expect((await call('listStuckCases', 'GET', '/ops/stuck', { as: OFFICER })).status).toBe(403);
      expect((await call('listStuckCases', 'GET', '/ops/stuck')).status).toBe(401);
      expect((await call('requestStuckScan', 'POST', '/ops/scan', { as: OPERATIONS })).status).toBe(202);

      const diagnostic = await call('getCaseDiagnostic', 'GET', `/ops/cases/${caseId}`, { as: OPERATIONS });
      expect(diagnostic.body.workflow).toBeTruthy();
      expect((await call('getCaseDiagnostic', 'GET', `/ops/cases/${NO_CASE}`, { as: OPERATIONS })).status).toBe(404);

      const reason = 'contract test: checking the answers';
      const retry = await call('requestOpsAction', 'POST', `/ops/cases/${caseId}/actions`, {
        as: OPERATIONS,
        body: { action: 'RETRY', reason },
      });
      expect([retry.status, retry.body.status]).toEqual([200, 'EXECUTED']);
      const noReason = await call('requestOpsAction', 'POST', `/ops/cases/${caseId}/actions`, {
        as: OPERATIONS,
        body: { action: 'RETRY', reason: 'short' },
      });
      expect(noReason.status).toBe(400);
      const terminate = await call('requestOpsAction', 'POST', `/ops/cases/${caseId}/actions`, {
        as: OPERATIONS,
        body: { action: 'TERMINATE', reason },
      });
      expect([terminate.status, terminate.body.status]).toEqual([202, 'PENDING_APPROVAL']);
      const actionId = terminate.body.actionId as string;
      const own = await call('approveOpsAction', 'POST', `/ops/actions/${actionId}/approve`, {
        as: OPERATIONS,
        body: {},
      });
      expect([own.status, own.body.code]).toEqual([403, 'SECOND_USER_REQUIRED']);
      const pending = await call('listOpsActions', 'GET', '/ops/actions?status=PENDING_APPROVAL', { as: OPERATIONS });
      expect(pending.body.map((a: any) => a.actionId)).toContain(actionId);
      const rejected = await call('rejectOpsAction', 'POST', `/ops/actions/${actionId}/reject`, {
        as: 'operations.second',
        body: { comment: 'not this one' },
      });
      expect([rejected.status, rejected.body.status]).toEqual([200, 'REJECTED']);
      const decided = await call('approveOpsAction', 'POST', `/ops/actions/${actionId}/approve`, {
        as: 'operations.second',
        body: {},
      });
      expect([decided.status, decided.body.code]).toEqual([409, 'ACTION_ALREADY_DECIDED']);
      expect(
        (await call('rejectOpsAction', 'POST', `/ops/actions/${NO_CASE}/reject`, { as: OPERATIONS, body: {} })).status,
      ).toBe(404);

      const preview = await call('runBulkAction', 'POST', '/ops/bulk-actions', {
        as: OPERATIONS,
        body: { action: 'RETRY', reason, filter: { kind: 'TECHNICAL' } },
      });
      expect([preview.status, preview.body.dryRun]).toEqual([200, true]);
      const changed = await call('runBulkAction', 'POST', '/ops/bulk-actions', {
        as: OPERATIONS,
        body: { action: 'RETRY', reason, filter: { reason: 'TIMER_OVERDUE', office: 'NO-SUCH' }, dryRun: false },
      });
      expect([changed.status, changed.body.code]).toEqual([422, 'NOTHING_MATCHES']);

      const offices = await call('getOfficeSettings', 'GET', '/ops/offices', { as: OPERATIONS });
      expect(offices.body.map((o: any) => o.office)).toContain('MA-RBA');
      const unknownOffice = await call('putOfficeSettings', 'PUT', '/ops/offices/NO-SUCH/settings', {
        as: 'admin',
        body: { holidays: [] },
      });
      expect([unknownOffice.status, unknownOffice.body.code]).toEqual([404, 'UNKNOWN_OFFICE']);
      expect(
        (await call('putOfficeSettings', 'PUT', '/ops/offices/MA-RBA/settings', { as: OPERATIONS, body: {} })).status,
      ).toBe(403);
    });

    it('should declare the metrics as text', async () => {
      const res = await stack.request('GET', '/metrics');
      const declared = contract.operation('getMetrics').operation.responses[String(res.status)];
      expect(declared).toBeDefined();
      if (res.status === 200) {
        expect(Object.keys(declared.content)).toEqual(['text/plain']);
        expect(typeof res.body).toBe('string');
      } else contract.expectValidResponse('getMetrics', res);
    });
  });
});
