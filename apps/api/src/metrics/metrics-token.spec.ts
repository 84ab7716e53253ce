import { metricsScrapeAllowed } from './metrics-token';

describe('metricsScrapeAllowed', () => {
  const token = 'scrape-token-0123456789abcdef';

  it('should allow every scrape when no token is configured', () => {
    expect(metricsScrapeAllowed(undefined, undefined)).toBe(true);
    expect(metricsScrapeAllowed('Bearer anything', undefined)).toBe(true);
  });

  it('should allow only the configured bearer token when one is set', () => {
    expect(metricsScrapeAllowed(`Bearer ${token}`, token)).toBe(true);
    expect(metricsScrapeAllowed(`bearer ${token}`, token)).toBe(true);
    expect(metricsScrapeAllowed(undefined, token)).toBe(false);
    expect(metricsScrapeAllowed('Bearer wrong-token', token)).toBe(false);
    expect(metricsScrapeAllowed(token, token)).toBe(false);
    expect(metricsScrapeAllowed(`Bearer ${token}x`, token)).toBe(false);
  });
});
