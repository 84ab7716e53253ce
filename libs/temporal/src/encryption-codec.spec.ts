import { defaultPayloadConverter } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { EncryptionCodec } from './encryption-codec';

describe('EncryptionCodec', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const secret = { caseId: 'c-1', note: 'Aminata Diallo +224 600 00 00 00' };

  it('should round-trip a payload and leave no clear text in the encoded bytes', async () => {
    const sut = new EncryptionCodec({ k1 }, 'k1');
    const [encoded] = await sut.encode([defaultPayloadConverter.toPayload(secret)]);
    expect(Buffer.from(encoded.data!).toString('latin1')).not.toContain('Aminata');
    expect(Buffer.from(encoded.metadata!['encryption-key-id']).toString()).toBe('k1');
    const [decoded] = await sut.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(secret);
  });

  it('should decrypt payloads written with an older key after rotation', async () => {
    const old = new EncryptionCodec({ k1 }, 'k1');
    const [encoded] = await old.encode([defaultPayloadConverter.toPayload(secret)]);
    const rotated = new EncryptionCodec({ k2, k1 }, 'k2');
    const [decoded] = await rotated.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(secret);
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload(secret)]);
    expect(Buffer.from(fresh.metadata!['encryption-key-id']).toString()).toBe('k2');
  });

  it('should refuse a tampered payload', async () => {
    const sut = new EncryptionCodec({ k1 }, 'k1');
    const [encoded] = await sut.encode([defaultPayloadConverter.toPayload(secret)]);
    const data = Buffer.from(encoded.data!);
    data[20] ^= 0xff;
    await expect(sut.decode([{ ...encoded, data }])).rejects.toThrow();
  });

  it('should fail clearly when the key of a payload is unknown', async () => {
    const [encoded] = await new EncryptionCodec({ k1 }, 'k1').encode([defaultPayloadConverter.toPayload(secret)]);
    await expect(new EncryptionCodec({ k2 }, 'k2').decode([encoded])).rejects.toThrow(/no key "k1"/);
  });

  it('should pass unencrypted payloads through on decode', async () => {
    const plain = defaultPayloadConverter.toPayload('hello');
    const [decoded] = await new EncryptionCodec({ k1 }, 'k1').decode([plain]);
    expect(decoded).toBe(plain);
  });
});
