import { defaultDomainConfig } from './config';
import { mergeDomainConfig } from './config-overrides';

describe('mergeDomainConfig', () => {
  it('should keep the defaults when nothing is overridden', () => {
    expect(mergeDomainConfig({})).toEqual({ config: defaultDomainConfig, problems: [] });
  });

  it('should apply overrides of the right type', () => {
    const { config, problems } = mergeDomainConfig({
      documentExpiryBufferDays: 5,
      supervisorApprovalForVulnerable: false,
    });
    expect(problems).toEqual([]);
    expect(config.documentExpiryBufferDays).toBe(5);
    expect(config.supervisorApprovalForVulnerable).toBe(false);
    expect(config.reopenWindowDays).toBe(defaultDomainConfig.reopenWindowDays);
  });

  it('should report unknown keys, wrong types and negative numbers', () => {
    const { problems } = mergeDomainConfig({ documentExpiryBuffer: 5, adultAge: '18', reopenWindowDays: -1 });
    expect(problems).toEqual([
      'documentExpiryBuffer: not a rule setting',
      'adultAge: expected number, got string',
      'reopenWindowDays: must be a number >= 0',
    ]);
  });
});

describe('mergeDomainConfig validation', () => {
  it.each([
    [{ handoverAckWorkingDays: 0 }, 'handoverAckWorkingDays: a whole number >= 1'],
    [{ programmeCurrency: 'euro' }, 'programmeCurrency: must be an ISO 4217 code'],
    [{ monitoringVisitOffsetsMonths: [3, 1] }, 'monitoringVisitOffsetsMonths: whole months > 0, increasing'],
    [{ nonWorkingWeekdays: [0, 1, 2, 3, 4, 5, 6] }, 'nonWorkingWeekdays: weekdays 0-6, at least one working day'],
    [{ preEmbarkationCheckRequiredFor: 'SOME' }, 'preEmbarkationCheckRequiredFor: one of MEDICAL, ALL, NONE'],
    [
      { vulnerabilitiesNeedingSupervisor: ['VOT', 'ALIEN'] },
      'vulnerabilitiesNeedingSupervisor: unknown vulnerability ALIEN',
    ],
    [{ adultAge: 0 }, 'adultAge: a whole number >= 1'],
  ])('should refuse %j: %s', (overrides, problem) => {
    expect(mergeDomainConfig(overrides).problems).toEqual([problem]);
  });

  it('should accept the reintegration settings of a deployment', () => {
    expect(
      mergeDomainConfig({ programmeCurrency: 'USD', handoverAckWorkingDays: 5, nonWorkingWeekdays: [5, 6] }).problems,
    ).toEqual([]);
  });
});
