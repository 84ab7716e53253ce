import { isIanaTimeZone, scopeProblem } from './administration';

const HOST = { code: 'MA-RBA', kind: 'HOST' as const, country: 'MA' };
const COO = { code: 'GN-CKY', kind: 'COO' as const, country: 'GN' };

describe('scopeProblem', () => {
  it.each([
    ['officer', 'MA-RBA', HOST, null],
    ['officer', 'GN-CKY', COO, 'OFFICE_KIND_MISMATCH'],
    ['counterpart', 'GN-CKY', COO, null],
    ['finance', 'MA-RBA', HOST, 'OFFICE_KIND_MISMATCH'],
    ['supervisor', 'GN-CKY', COO, null],
    ['supervisor', 'MA-RBA', HOST, null],
    ['movement', null, null, 'OFFICE_REQUIRED'],
    ['officer', 'MA-XXX', null, 'UNKNOWN_OFFICE'],
    ['operations', null, null, null],
    ['operations', 'MA-RBA', HOST, null],
    ['admin', null, null, null],
    ['admin', 'MA-RBA', HOST, 'OFFICE_NOT_ALLOWED'],
    ['system', null, null, 'ROLE_NOT_ASSIGNABLE'],
  ] as const)('%s in %s: %s', (role, code, office, expected) => {
    expect(scopeProblem(role, code, office)?.code ?? null).toBe(expected);
  });
});

describe('isIanaTimeZone', () => {
  it.each([
    ['Africa/Casablanca', true],
    ['America/Argentina/Buenos_Aires', true],
    ['UTC', true],
    ['+01:00', false],
    ['Mars/Olympus', false],
    ['', false],
    ['Africa/Casablanca\u0000', false],
  ])('%j: %s', (zone, ok) => {
    expect(isIanaTimeZone(zone)).toBe(ok);
  });
});
