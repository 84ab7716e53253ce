import { decodeStuckCursor, encodeStuckCursor } from './stuck-cursor';

describe('stuck list cursor', () => {
  const position = {
    since: '2026-11-30T10:00:00.123456Z',
    caseId: '0b7c2f4e-9a51-4c3e-8d2a-1f2e3d4c5b6a',
    kind: 'BUSINESS',
    reason: 'SLA_ALERT',
  };

  it('should give back the position it was made from, to the microsecond', () => {
    expect(decodeStuckCursor(encodeStuckCursor(position))).toEqual(position);
  });

  it.each([
    ['not base64 JSON', 'bm90LWEtY3Vyc29y'],
    [
      'a case cursor',
      Buffer.from(JSON.stringify({ openedAt: position.since, id: position.caseId })).toString('base64url'),
    ],
    ['SQL in the reason', encodeStuckCursor({ ...position, reason: "x' OR 1=1 --" })],
    ['a date that is no timestamp', encodeStuckCursor({ ...position, since: 'yesterday' })],
    ['a case id that is no uuid', encodeStuckCursor({ ...position, caseId: '42' })],
  ])('should refuse %s', (_name, cursor) => {
    expect(decodeStuckCursor(cursor)).toBeNull();
  });
});
