import {
  documentDigestKey,
  documentNumberDigest,
  idempotencyDigestKey,
  idempotencyKeyDigest,
  opaqueReminderId,
  reminderIdKey,
} from './opaque-ids';

describe('opaque ids', () => {
  const piiKey = Buffer.alloc(32, 7);
  const caseId = '3f1c2a9e-7b4d-4e8a-9c61-2d5b8e0f4a17';
  const planKey = `${caseId}.VOT_REASSESSMENT.m1-VOT_RISK.0`;

  it('should give a reminder the same opaque id for the same plan key, and another for another step or key', () => {
    const key = reminderIdKey(piiKey);
    const sut = opaqueReminderId(key, caseId, planKey);
    expect(sut).toMatch(new RegExp(`^${caseId}\\.[A-Za-z0-9_-]{22}$`));
    expect(sut).not.toMatch(/VOT|m1|RISK|:/);
    expect(opaqueReminderId(key, caseId, planKey)).toBe(sut);
    expect(opaqueReminderId(key, caseId, planKey.replace(/0$/, '1'))).not.toBe(sut);
    expect(opaqueReminderId(reminderIdKey(Buffer.alloc(32, 8)), caseId, planKey)).not.toBe(sut);
  });

  it('should store an Idempotency-Key as a keyed digest that does not contain the key', () => {
    const key = idempotencyDigestKey(piiKey);
    const sut = idempotencyKeyDigest(key, 'intake-Mamadou-Bah-1995');
    expect(sut).toMatch(/^h\.[A-Za-z0-9_-]{43}$/);
    expect(sut).not.toContain('Mamadou');
    expect(idempotencyKeyDigest(key, 'intake-Mamadou-Bah-1995')).toBe(sut);
    expect(idempotencyKeyDigest(idempotencyDigestKey(Buffer.alloc(32, 8)), 'intake-Mamadou-Bah-1995')).not.toBe(sut);
    // Distinct purposes: the reminder key and the idempotency key differ.
    expect(reminderIdKey(piiKey).equals(idempotencyDigestKey(piiKey))).toBe(false);
  });
});

describe('documentNumberDigest', () => {
  const key = documentDigestKey(Buffer.alloc(32, 7));
  it('should give one keyed hex digest for every spelling of a number, and none for a non-number', () => {
    const d = documentNumberDigest(key, 'AB123456');
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(documentNumberDigest(key, ' ab-123 456 ')).toBe(d);
    expect(d).not.toContain('123456');
    expect(documentNumberDigest(documentDigestKey(Buffer.alloc(32, 8)), 'AB123456')).not.toBe(d);
    expect(documentNumberDigest(key, 'A-1-2')).toBeNull();
  });
});
