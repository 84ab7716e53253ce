import { randomBytes } from 'node:crypto';
import { ColumnCipher } from './column-cipher';

describe('ColumnCipher', () => {
  const sut = new ColumnCipher(randomBytes(32));

  it('should round-trip a value and keep it unreadable at rest', () => {
    const sealed = sut.encryptJson({ vulnerabilities: ['VOT'] });
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('VOT');
    expect(sut.decryptJson(sealed)).toEqual({ vulnerabilities: ['VOT'] });
  });

  it('should refuse a tampered value and a value sealed with another key', () => {
    const sealed = sut.encrypt('secret');
    const tampered = `${sealed.slice(0, -4)}AAAA`;
    expect(() => sut.decrypt(tampered)).toThrow();
    expect(() => new ColumnCipher(randomBytes(32)).decrypt(sealed)).toThrow();
    expect(() => sut.decrypt('plain text')).toThrow(/not a sealed value/);
  });
});
