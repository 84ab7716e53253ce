import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '../../libs/persistence/src/demo-data';
import type { TestStack } from './stack';

/**
 * A Moroccan office of a test's own (a host office, or with kind 'COO' a receiving office in the country of origin), created through the admin API with staff in it who sign in with the demo
 * password (the stack signs requests as a username). Every e2e file of a run shares one database: a cohort opened in
 * its own office, and reports filtered by that office, count that cohort only.
 */
export async function ownOffice(
  stack: TestStack,
  roles: readonly string[] = ['officer', 'supervisor'],
  kind: 'HOST' | 'COO' = 'HOST',
): Promise<{ office: string; users: Record<string, string> }> {
  const suffix = randomUUID().slice(0, 6).toUpperCase();
  const office = `MA-T${suffix}`;
  const admin = (url: string, body: unknown) => stack.request('POST', url, { as: 'admin', body });
  const created = await admin('/admin/offices', {
    code: office,
    kind,
    country: 'MA',
    name: `Test office ${suffix}`,
    timeZone: 'Africa/Casablanca',
    currency: 'MAD',
  });
  if (created.status !== 200) throw new Error(`office ${office}: ${created.status} ${JSON.stringify(created.body)}`);
  const users: Record<string, string> = {};
  for (const role of roles) {
    const username = `${role}.t${suffix.toLowerCase()}`;
    const res = await admin('/admin/users', {
      username,
      displayName: `${role} ${suffix}`,
      role,
      office,
      password: DEMO_PASSWORD,
    });
    if (res.status !== 200) throw new Error(`user ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    users[role] = username;
  }
  return { office, users };
}
