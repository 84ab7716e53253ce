import argon2 from 'argon2';
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

/**
 * argon2id (RFC 9106) with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane); the parameters are stored in the
 * PHC string, so raising them later makes needsRehash true for older hashes.
 */
const ARGON2 = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** The former scheme (scrypt, RFC 7914): still verified, and replaced by argon2id at the next successful sign-in. */
const SCRYPT_MAXMEM = 64 * 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2')) {
    try {
      return await argon2.verify(stored, password);
    } catch {
      return false; // a malformed stored hash
    }
  }
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT_MAXMEM,
  });
  return timingSafeEqual(actual, expected);
}

/** True when the stored hash is of the old scheme or weaker parameters: hash the password again after a success. */
export function needsRehash(stored: string): boolean {
  if (!stored.startsWith('$argon2id$')) return true;
  try {
    return argon2.needsRehash(stored, ARGON2);
  } catch {
    return true;
  }
}

/** The old scheme's hash, kept for the tests of the migration from it. */
export async function scryptHashForTests(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, { N: 16384, r: 8, p: 1, maxmem: SCRYPT_MAXMEM });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

let dummy: Promise<string> | undefined;
/**
 * A hash of a random password, made once per process: a sign-in with an unknown (or disabled) username verifies
 * against it, so it costs the same time as a wrong password for a real user and answers nothing about which
 * usernames exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64'));
  return dummy;
}
