import type { AdminRepository } from '@avrr/persistence';
import { bootstrapInitialAdmin } from './initial-admin-bootstrap';

/** A register with `admins` active administrators that records what the bootstrap creates. */
function register(admins: number, created = true) {
  const calls: { username: string; passwordHash: string; role: string; action: string }[] = [];
  const repo = {
    countActiveAdmins: () => Promise.resolve(admins),
    createUser: (_actor: unknown, user: { username: string; passwordHash: string; role: string }, action: string) => {
      calls.push({ ...user, action });
      if (created) admins += 1;
      return Promise.resolve(created ? user : null);
    },
  } as unknown as AdminRepository;
  return { repo, calls };
}
const hash = (pw: string) => Promise.resolve(`hashed(${pw.length})`);

describe('bootstrapInitialAdmin', () => {
  it('should create the configured administrator once, from a given hash, and never again', async () => {
    const { repo, calls } = register(0);
    const initial = { username: 'root', passwordHash: 'argon2id$stored' };
    expect(await bootstrapInitialAdmin(repo, initial, hash)).toBe('CREATED');
    expect(await bootstrapInitialAdmin(repo, initial, hash)).toBe('ADMIN_EXISTS'); // a restart, variables still set
    expect(calls).toEqual([
      expect.objectContaining({
        username: 'root',
        role: 'admin',
        passwordHash: 'argon2id$stored',
        action: 'INITIAL_ADMIN_CREATED',
      }),
    ]);
  });

  it('should hash a password given in clear', async () => {
    const { repo, calls } = register(0);
    await bootstrapInitialAdmin(repo, { username: 'root', password: 'a-long-initial-password' }, hash);
    expect(calls[0].passwordHash).toBe('hashed(23)');
  });

  it('should say when the username is taken, and when nothing is configured', async () => {
    const taken = register(0, false);
    expect(await bootstrapInitialAdmin(taken.repo, { username: 'root', password: 'x'.repeat(12) }, hash)).toBe(
      'USERNAME_TAKEN',
    );
    expect(await bootstrapInitialAdmin(register(0).repo, undefined, hash)).toBe('NONE_AND_NOT_CONFIGURED');
    const one = register(1);
    expect(await bootstrapInitialAdmin(one.repo, undefined, hash)).toBe('NOT_CONFIGURED');
    expect(one.calls).toEqual([]);
  });
});
