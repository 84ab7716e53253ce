import { randomUUID } from 'node:crypto';
import { TestStack } from './helpers/stack';

/**
 * Administration (issue 13): the staff register (create with an office from the office register, role and scope
 * rules, disable and enable, password reset, force sign-out), the office register, and the audit trail of it all.
 */
describe('administration', () => {
  let stack: TestStack;
  const suffix = randomUUID().slice(0, 6).toUpperCase();
  const hostOffice = `MA-T${suffix}`;
  const username = `officer.t${suffix.toLowerCase()}`;
  let userId: string;
  let password: string;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const admin = (method: string, url: string, body?: unknown) => stack.request(method, url, { as: 'admin', body });
  async function signIn(user: string, pw: string) {
    return stack.request('POST', '/auth/login', { body: { username: user, password: pw } });
  }

  it('should offer password sign-in only when no identity provider is configured', async () => {
    expect((await stack.request('GET', '/auth/sign-in-options')).body).toEqual({ password: true, oidc: null });
    const res = await stack.request('GET', '/auth/oidc/login');
    expect([res.status, res.body.code]).toEqual([404, 'OIDC_DISABLED']);
  });

  it('should refuse every other role', async () => {
    for (const user of ['officer.rabat', 'supervisor.rabat', 'operations', 'counterpart.conakry', 'finance.conakry']) {
      for (const [method, url] of [
        ['GET', '/admin/users'],
        ['POST', '/admin/users'],
        ['GET', '/admin/offices'],
        ['GET', '/admin/audit'],
      ]) {
        const res = await stack.request(method, url, { as: user, body: method === 'POST' ? {} : undefined });
        expect([user, url, res.status, res.body.code]).toEqual([user, url, 403, 'ROLE_NOT_ALLOWED']);
      }
    }
    expect((await stack.request('GET', '/admin/users')).status).toBe(401);
  });

  it('should create an office with an IANA time zone and an ISO 4217 currency, and refuse bad ones', async () => {
    const office = {
      code: hostOffice,
      kind: 'HOST',
      country: 'MA',
      name: 'Tangier (test sub-office)',
      timeZone: 'Africa/Casablanca',
      currency: 'MAD',
      holidays: ['2026-11-18'],
    };
    const bad = [
      [{ ...office, timeZone: '+01:00' }, 400, 'INVALID_TIME_ZONE'],
      [{ ...office, timeZone: 'Mars/Olympus' }, 400, 'INVALID_TIME_ZONE'],
      [{ ...office, currency: 'XYZ' }, 400, 'VALIDATION_FAILED'],
      [{ ...office, code: 'lower-case' }, 400, 'VALIDATION_FAILED'],
      [{ ...office, code: `SN-T${suffix}` }, 400, 'VALIDATION_FAILED'], // the code names another country
      [{ ...office, weekendDays: [7] }, 400, 'VALIDATION_FAILED'],
      [{ ...office, holidays: ['18/11/2026'] }, 400, 'VALIDATION_FAILED'],
    ] as const;
    for (const [body, status, code] of bad) {
      const res = await admin('POST', '/admin/offices', body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([JSON.stringify(body), status, code]);
    }
    const created = await admin('POST', '/admin/offices', office);
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      ...office,
      weekendDays: [0, 6],
      slaOverrides: {},
      webhookUrl: null,
      webhookSecretSet: false,
    });
    expect((await admin('POST', '/admin/offices', office)).body.code).toBe('OFFICE_EXISTS');
    const updated = await admin('PUT', `/admin/offices/${hostOffice}`, {
      timeZone: 'Africa/Tunis',
      currency: null,
      weekendDays: [5, 6],
      slaOverrides: { DOCUMENTATION: { alert: 40, escalate: 60 } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ timeZone: 'Africa/Tunis', currency: null, weekendDays: [5, 6], kind: 'HOST' });
    expect((await admin('PUT', '/admin/offices/NO-SUCH', { name: 'x' })).body.code).toBe('UNKNOWN_OFFICE');
    // The operations view of the register and its settings endpoint share the rules and the audit trail.
    const viaOps = await admin('PUT', `/ops/offices/${hostOffice}/settings`, { holidays: ['2026-12-25'] });
    expect([viaOps.status, viaOps.body.office, viaOps.body.holidays]).toEqual([200, hostOffice, ['2026-12-25']]);
    const list = await stack.request('GET', '/ops/offices', { as: 'operations' });
    expect(list.body.find((o: any) => o.office === hostOffice)).toMatchObject({ timeZone: 'Africa/Tunis' });
  });

  it("should create an officer only with an office of the register of the role's kind", async () => {
    const base = { username, displayName: 'Case officer, Tangier', role: 'officer' };
    const bad = [
      [{ ...base, office: 'GN-CKY' }, 400, 'OFFICE_KIND_MISMATCH'],
      [{ ...base, office: 'MA-NOPE' }, 404, 'UNKNOWN_OFFICE'],
      [{ ...base }, 400, 'OFFICE_REQUIRED'],
      [{ ...base, role: 'admin', office: hostOffice }, 400, 'OFFICE_NOT_ALLOWED'],
      [{ ...base, role: 'system' }, 400, 'VALIDATION_FAILED'],
      [{ ...base, username: 'Has Spaces', office: hostOffice }, 400, 'VALIDATION_FAILED'],
      [{ ...base, office: hostOffice, password: 'short' }, 400, 'VALIDATION_FAILED'],
      [{ ...base, office: hostOffice, username: 'officer.rabat' }, 409, 'USERNAME_TAKEN'],
    ] as const;
    for (const [body, status, code] of bad) {
      const res = await admin('POST', '/admin/users', body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([JSON.stringify(body), status, code]);
    }
    const res = await admin('POST', '/admin/users', { ...base, office: hostOffice });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username, role: 'officer', office: hostOffice, country: 'MA', active: true });
    expect(res.body.temporaryPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(JSON.stringify(res.body)).not.toMatch(/hash|scrypt|argon/i);
    userId = res.body.user.id;
    password = res.body.temporaryPassword;
    const login = await signIn(username, password);
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ role: 'officer', office: hostOffice, country: 'MA' });
    const listed = await admin('GET', `/admin/users?office=${hostOffice}`);
    expect(listed.body.items.map((u: any) => u.username)).toEqual([username]);
    expect((await admin('GET', `/admin/users/${randomUUID()}`)).body.code).toBe('USER_NOT_FOUND');
    expect((await admin('GET', '/admin/users/not-a-uuid')).body.code).toBe('USER_NOT_FOUND');
  });

  it('should end every session of a user on force sign-out, and let them sign in again', async () => {
    const token = (await signIn(username, password)).body.accessToken;
    expect((await stack.request('GET', '/me', { token })).status).toBe(200);
    const out = await admin('POST', `/admin/users/${userId}/sign-out`, {});
    expect([out.status, out.body.sessionVersion]).toEqual([200, 1]);
    const refused = await stack.request('GET', '/me', { token });
    expect([refused.status, refused.body.code]).toEqual([401, 'SESSION_REVOKED']);
    const again = (await signIn(username, password)).body.accessToken;
    expect((await stack.request('GET', '/me', { token: again })).status).toBe(200);
  });

  it('should refuse a disabled user, token and sign-in alike, until enabled again', async () => {
    const token = (await signIn(username, password)).body.accessToken;
    const off = await admin('PATCH', `/admin/users/${userId}`, { active: false });
    expect([off.status, off.body.active]).toEqual([200, false]);
    expect((await stack.request('GET', '/me', { token })).body.code).toBe('SESSION_REVOKED');
    expect((await signIn(username, password)).body.code).toBe('INVALID_CREDENTIALS');
    expect((await admin('PATCH', `/admin/users/${userId}`, { active: true })).body.active).toBe(true);
    expect((await signIn(username, password)).status).toBe(200);
  });

  it('should reset a password (given or generated) and end the sessions', async () => {
    const token = (await signIn(username, password)).body.accessToken;
    const given = 'a-new-password-for-tangier';
    const reset = await admin('POST', `/admin/users/${userId}/password`, { password: given });
    expect(reset.status).toBe(200);
    expect(reset.body.temporaryPassword).toBeUndefined();
    expect((await stack.request('GET', '/me', { token })).body.code).toBe('SESSION_REVOKED');
    expect((await signIn(username, password)).body.code).toBe('INVALID_CREDENTIALS');
    expect((await signIn(username, given)).status).toBe(200);
    const generated = await admin('POST', `/admin/users/${userId}/password`, {});
    expect(generated.body.temporaryPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    password = generated.body.temporaryPassword;
    expect((await signIn(username, password)).status).toBe(200);
  });

  it('should change role and office under the same rules, ending the sessions that carry the old scope', async () => {
    const token = (await signIn(username, password)).body.accessToken;
    expect((await admin('PATCH', `/admin/users/${userId}`, { role: 'counterpart' })).body.code).toBe(
      'OFFICE_KIND_MISMATCH',
    );
    const moved = await admin('PATCH', `/admin/users/${userId}`, { role: 'supervisor', office: 'GN-CKY' });
    expect(moved.body).toMatchObject({ role: 'supervisor', office: 'GN-CKY', country: 'GN' });
    expect((await stack.request('GET', '/me', { token })).body.code).toBe('SESSION_REVOKED');
    expect((await signIn(username, password)).body.user).toMatchObject({ role: 'supervisor', office: 'GN-CKY' });
    // A display name alone keeps the sessions.
    const fresh = (await signIn(username, password)).body.accessToken;
    await admin('PATCH', `/admin/users/${userId}`, { displayName: 'Programme manager, Conakry' });
    expect((await stack.request('GET', '/me', { token: fresh })).body.displayName).toBe('Programme manager, Conakry');
  });

  it('should keep one active administrator', async () => {
    const second = await admin('POST', '/admin/users', {
      username: `admin.${suffix.toLowerCase()}`,
      displayName: 'Second administrator',
      role: 'admin',
      password: 'second-admin-password',
    });
    expect(second.status).toBe(200);
    expect((await admin('PATCH', `/admin/users/${second.body.user.id}`, { active: false })).status).toBe(200);
    const admins = (await admin('GET', '/admin/users?role=admin&active=true')).body.items;
    expect(admins.map((u: any) => u.username)).toEqual(['admin']);
    const self = await admin('PATCH', `/admin/users/${admins[0].id}`, { active: false });
    expect([self.status, self.body.code]).toEqual([409, 'LAST_ADMINISTRATOR']);
    const demote = await admin('PATCH', `/admin/users/${admins[0].id}`, { role: 'operations' });
    expect([demote.status, demote.body.code]).toEqual([409, 'LAST_ADMINISTRATOR']);
  });

  it('should list every change: who, what, when, before and after, never a password hash', async () => {
    const res = await admin('GET', `/admin/audit?targetType=USER&targetId=${userId}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: any) => e.action).reverse()).toEqual([
      'USER_CREATED',
      'USER_SIGNED_OUT',
      'USER_DISABLED',
      'USER_ENABLED',
      'USER_PASSWORD_RESET',
      'USER_PASSWORD_RESET',
      'USER_UPDATED',
      'USER_UPDATED',
    ]);
    for (const e of res.body.items) expect(e).toMatchObject({ actorUsername: 'admin', targetType: 'USER' });
    const [rename, move] = res.body.items;
    expect(move.before).toMatchObject({ role: 'officer', office: hostOffice });
    expect(move.after).toMatchObject({ role: 'supervisor', office: 'GN-CKY' });
    expect(rename.after.displayName).toBe('Programme manager, Conakry');
    expect(JSON.stringify(res.body)).not.toMatch(/password_?hash|scrypt|argon|temporaryPassword/i);
    const offices = await admin('GET', `/admin/audit?targetType=OFFICE&targetId=${hostOffice}`);
    expect(offices.body.items.map((e: any) => e.action).reverse()).toEqual([
      'OFFICE_CREATED',
      'OFFICE_UPDATED',
      'OFFICE_UPDATED',
    ]);
    const page = await admin('GET', '/admin/audit?limit=2');
    expect(page.body.items).toHaveLength(2);
    const next = await admin('GET', `/admin/audit?limit=2&before=${page.body.nextBefore}`);
    expect(Number(next.body.items[0].id)).toBeLessThan(Number(page.body.items[1].id));
    expect((await admin('GET', '/admin/audit?before=abc')).body.code).toBe('VALIDATION_FAILED');
  });
});
