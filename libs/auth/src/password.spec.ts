import { dummyPasswordHash, hashPassword, needsRehash, scryptHashForTests, verifyPassword } from './password';

describe('password hashing', () => {
  it('should hash with argon2id, verify the right password and reject a wrong one', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(hash).not.toContain('correct horse');
    await expect(verifyPassword('correct horse', hash)).resolves.toBe(true);
    await expect(verifyPassword('wrong horse', hash)).resolves.toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('should salt every hash', async () => {
    expect(await hashPassword('same')).not.toEqual(await hashPassword('same'));
  });

  it('should still verify an old scrypt hash, and ask for it to be replaced', async () => {
    const old = await scryptHashForTests('correct horse');
    await expect(verifyPassword('correct horse', old)).resolves.toBe(true);
    await expect(verifyPassword('wrong horse', old)).resolves.toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it('should ask for a rehash of an argon2 hash with weaker parameters', () => {
    const weak = '$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
    expect(needsRehash(weak)).toBe(true);
  });

  it('should reject a malformed stored hash', async () => {
    await expect(verifyPassword('x', 'md5$abc')).resolves.toBe(false);
    await expect(verifyPassword('x', '$argon2id$garbage')).resolves.toBe(false);
  });

  it('should keep one dummy hash per process that no password opens', async () => {
    const dummy = await dummyPasswordHash();
    expect(await dummyPasswordHash()).toBe(dummy);
    await expect(verifyPassword('', dummy)).resolves.toBe(false);
  });
});
