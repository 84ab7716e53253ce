import { defaultDomainConfig } from './config';
import { mergeDomainConfig } from './config-overrides';

describe('mergeDomainConfig', () => {
  it('should keep the defaults when nothing is overridden', () => {
    expect(mergeDomainConfig({})).toEqual({ config: defaultDomainConfig, problems: [] });
  });

  it('should apply overrides of the right type', () => {
    const { config, problems } = mergeDomainConfig({ documentExpiryBufferDays: 5, supervisorApprovalForVulnerable: false });
    expect(problems).toEqual([]);
    expect(config.documentExpiryBufferDays).toBe(5);
    expect(config.supervisorApprovalForVulnerable).toBe(false);
    expect(config.reopenWindowDays).toBe(defaultDomainConfig.reopenWindowDays);
  });

  it('should report unknown keys, wrong types and negative numbers', () => {
    const { problems } = mergeDomainConfig({ documentExpiryBuffer: 5, adultAge: '18', reopenWindowDays: -1 });
    expect(problems).toEqual([
      'documentExpiryBuffer: not a rule setting', 'adultAge: expected number, got string', 'reopenWindowDays: must be a number >= 0',
    ]);
  });
});
