import {
  DEFAULT_RETENTION_SCHEDULE,
  countRetention,
  emptyRetentionCounts,
  parseRetentionSchedule,
  retentionAnchor,
  retentionPlan,
  retainedAuditEvents,
  retentionSchedule,
  type RetentionCaseFacts,
} from './retention';
import type { CaseEvent } from './events';

const closed: RetentionCaseFacts = { stage: 'CLOSED', closedAt: '2020-01-01T00:00:00.000Z', erased: [] };

describe('retention schedule', () => {
  it('should read periods per category over the defaults and refuse unknown categories or malformed periods', () => {
    const { schedule, problems } = parseRetentionSchedule('SPECIAL_CATEGORY=30d, FINANCIAL=12y,BIOMETRICS=0s');
    expect(problems).toEqual([]);
    expect(schedule).toEqual({
      ...DEFAULT_RETENTION_SCHEDULE,
      SPECIAL_CATEGORY: 30 * 86_400,
      FINANCIAL: 12 * 365 * 86_400,
      BIOMETRICS: 0,
    });
    expect(parseRetentionSchedule('NAMES=1d').problems[0]).toMatch(/unknown category NAMES/);
    expect(parseRetentionSchedule('FINANCIAL=ten years').problems[0]).toMatch(/not CATEGORY=/);
    expect(parseRetentionSchedule(undefined).schedule).toEqual(DEFAULT_RETENTION_SCHEDULE);
  });

  it('should keep financial records longer than identity, and special categories the shortest of the personal data', () => {
    expect(DEFAULT_RETENTION_SCHEDULE.FINANCIAL).toBeGreaterThan(DEFAULT_RETENTION_SCHEDULE.IDENTITY_CONTACT);
    expect(DEFAULT_RETENTION_SCHEDULE.SPECIAL_CATEGORY).toBeLessThan(DEFAULT_RETENTION_SCHEDULE.IDENTITY_CONTACT);
  });

  it.each([
    ['CLOSED', { closedAt: '2021-05-01T00:00:00.000Z' }, '2021-05-01T00:00:00.000Z'],
    ['WITHDRAWN', { withdrawnAt: '2021-06-01T00:00:00.000Z' }, '2021-06-01T00:00:00.000Z'],
    ['CANCELLED', { cancelledAt: '2021-07-01T00:00:00.000Z' }, '2021-07-01T00:00:00.000Z'],
    ['MONITORING', { closedAt: '2021-05-01T00:00:00.000Z' }, undefined],
  ] as const)('should anchor the periods of a %s case on its end', (stage, dates, anchor) => {
    expect(retentionAnchor({ stage, ...dates })).toBe(anchor);
  });

  it('should compute the due date of each category from the closure plus its period', () => {
    const rows = retentionSchedule(closed, DEFAULT_RETENTION_SCHEDULE, '2021-06-01T00:00:00.000Z');
    const special = rows.find((r) => r.category === 'SPECIAL_CATEGORY')!;
    expect(special.dueAt).toBe(new Date(Date.parse(closed.closedAt!) + 730 * 86_400_000).toISOString());
    expect(special.due).toBe(false);
    expect(rows.find((r) => r.category === 'BIOMETRICS')!.due).toBe(true);
  });

  it('should never make anything due on a case still in progress', () => {
    const open: RetentionCaseFacts = { stage: 'MONITORING', erased: [] };
    expect(retentionPlan(open, { ...DEFAULT_RETENTION_SCHEDULE, IDENTITY_CONTACT: 0 }, '2090-01-01T00:00:00Z')).toEqual(
      {
        erase: [],
        anonymise: false,
      },
    );
  });

  it('should erase what is due and not yet erased, and anonymise once every personal category is gone', () => {
    const before = retentionPlan(closed, DEFAULT_RETENTION_SCHEDULE, '2021-06-01T00:00:00.000Z');
    expect(before).toEqual({ erase: ['BIOMETRICS'], anonymise: false });
    const later = retentionPlan(
      { ...closed, erased: ['BIOMETRICS', 'SPECIAL_CATEGORY'] },
      DEFAULT_RETENTION_SCHEDULE,
      '2025-06-01T00:00:00.000Z',
    );
    expect(later).toEqual({ erase: ['IDENTITY_CONTACT', 'CASE_MANAGEMENT'], anonymise: true });
    const done = retentionPlan(
      { ...closed, erased: ['BIOMETRICS', 'SPECIAL_CATEGORY', 'IDENTITY_CONTACT', 'CASE_MANAGEMENT'] },
      DEFAULT_RETENTION_SCHEDULE,
      '2031-06-01T00:00:00.000Z',
    );
    expect(done).toEqual({ erase: ['FINANCIAL'], anonymise: false });
  });

  it('should count the cases per erased category', () => {
    const counts = countRetention(countRetention(emptyRetentionCounts(), { erase: ['BIOMETRICS'], anonymise: false }), {
      erase: ['BIOMETRICS', 'IDENTITY_CONTACT'],
      anonymise: true,
    });
    expect(counts).toEqual({ ...emptyRetentionCounts(), BIOMETRICS: 2, IDENTITY_CONTACT: 1 });
  });
});

describe('retainedAuditEvents', () => {
  const paid = {
    type: 'TranchePaid',
    trancheId: 't1',
    amount: { amount: 500, currency: 'MAD' },
    effectiveAt: '2021-01-01T00:00:00.000Z',
  } as unknown as CaseEvent;
  const vot = {
    type: 'RapidVulnerabilityScreeningRecorded',
    findings: [{ memberId: 'm1', vulnerabilities: ['VOT'] }],
    effectiveAt: '2021-01-01T00:00:00.000Z',
  } as unknown as CaseEvent;

  it('should keep every event whole while nothing is erased', () => {
    expect(retainedAuditEvents([paid, vot], [])).toEqual([paid, vot]);
  });

  it('should keep the money of a payment until FINANCIAL is due, and drop special categories with theirs', () => {
    const erased = ['IDENTITY_CONTACT', 'CASE_MANAGEMENT', 'SPECIAL_CATEGORY', 'BIOMETRICS'] as const;
    const [money, finding] = retainedAuditEvents([paid, vot], erased);
    expect(money).toEqual(paid);
    expect(JSON.stringify(finding)).not.toContain('VOT');
    const [gone] = retainedAuditEvents([paid], [...erased, 'FINANCIAL']);
    expect(JSON.stringify(gone)).not.toContain('500');
    expect(gone.type).toBe('TranchePaid');
  });
});
