import { defaultPayloadConverter } from '@temporalio/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { CaseKeyDestroyedError, CaseKeyring, type SqlQuery } from './case-keyring';
import { EncryptionCodec } from './encryption-codec';

/** case_data_keys in memory: the three statements the keyring sends, by their first words. */
function fakeTable() {
  const rows = new Map<string, { master_key_id: string; wrapped_key: Buffer | null }>();
  const query: SqlQuery = async (sql, params) => {
    const [caseId, master, wrapped] = params as [string, string, Buffer];
    if (sql.startsWith('INSERT INTO case_data_keys (case_id, master_key_id, wrapped_key) VALUES')) {
      if (!rows.has(caseId)) rows.set(caseId, { master_key_id: master, wrapped_key: wrapped });
      return [];
    }
    if (sql.startsWith('SELECT')) return rows.has(caseId) ? [rows.get(caseId)!] : [];
    if (sql.startsWith('INSERT INTO case_data_keys (case_id, master_key_id, wrapped_key, destroyed_at)')) {
      rows.set(caseId, { master_key_id: master, wrapped_key: null });
      return [{ inserted: false }];
    }
    throw new Error(`unexpected SQL ${sql}`);
  };
  return { rows, query };
}

describe('per-case payload keys (crypto-shredding)', () => {
  const master = { m1: randomBytes(32) };
  const secret = { caseId: 'x', note: 'Aminata Diallo' };
  const context = (workflowId: string) => ({ type: 'workflow' as const, namespace: 'default', workflowId });

  it('should encrypt a case workflow payload under the case key, stored wrapped, and decode it back', async () => {
    const table = fakeTable();
    const caseId = randomUUID();
    const sut = new EncryptionCodec(master, 'm1', new CaseKeyring(master, 'm1', table.query, 0));
    const [encoded] = await sut.encode([defaultPayloadConverter.toPayload(secret)], context(caseId));
    expect(Buffer.from(encoded.metadata!['encryption-key-id']).toString()).toBe(`case:${caseId}`);
    expect(table.rows.get(caseId)!.wrapped_key!.length).toBe(12 + 32 + 16);
    const [decoded] = await sut.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(secret);
  });

  it('should keep payloads without a case context, and those written before, under the master key', async () => {
    const sut = new EncryptionCodec(master, 'm1', new CaseKeyring(master, 'm1', fakeTable().query, 0));
    const [plain] = await sut.encode([defaultPayloadConverter.toPayload(secret)], context('not-a-case'));
    expect(Buffer.from(plain.metadata!['encryption-key-id']).toString()).toBe('m1');
    const [old] = await new EncryptionCodec(master, 'm1').encode([defaultPayloadConverter.toPayload(secret)]);
    expect(defaultPayloadConverter.fromPayload((await sut.decode([old]))[0])).toEqual(secret);
  });

  it('should make the case payloads undecodable once the key is destroyed, and never make a new key', async () => {
    const table = fakeTable();
    const [a, b] = [randomUUID(), randomUUID()];
    const keyring = new CaseKeyring(master, 'm1', table.query, 60_000);
    const sut = new EncryptionCodec(master, 'm1', keyring);
    const [ofA] = await sut.encode([defaultPayloadConverter.toPayload(secret)], context(a));
    const [ofB] = await sut.encode([defaultPayloadConverter.toPayload(secret)], context(b));
    await keyring.destroy(a);
    await expect(sut.decode([ofA])).rejects.toBeInstanceOf(CaseKeyDestroyedError);
    await expect(sut.encode([defaultPayloadConverter.toPayload(secret)], context(a))).rejects.toThrow(/destroyed/);
    expect(defaultPayloadConverter.fromPayload((await sut.decode([ofB]))[0])).toEqual(secret);
    // Another process with the key still cached: a fresh decode (the codec endpoint's) fails at once.
    const other = new EncryptionCodec(master, 'm1', new CaseKeyring(master, 'm1', table.query, 60_000));
    await expect(other.decodeFresh([ofA])).rejects.toThrow(/destroyed/);
  });

  it('should not unwrap a key moved to another case (the case id is bound to the wrapping)', async () => {
    const table = fakeTable();
    const [a, b] = [randomUUID(), randomUUID()];
    const sut = new EncryptionCodec(master, 'm1', new CaseKeyring(master, 'm1', table.query, 0));
    await sut.encode([defaultPayloadConverter.toPayload(secret)], context(a));
    const [ofB] = await sut.encode([defaultPayloadConverter.toPayload(secret)], context(b));
    table.rows.set(b, table.rows.get(a)!);
    await expect(sut.decode([ofB])).rejects.toThrow();
  });
});
