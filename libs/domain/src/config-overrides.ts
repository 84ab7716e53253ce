import { defaultDomainConfig, DomainConfig } from './config';

/**
 * Applies a deployment's overrides (the DOMAIN_RULES JSON) to the default rule values. Unknown keys and values of
 * the wrong type are reported, never ignored, so a typo cannot silently leave a default in force.
 */
export function mergeDomainConfig(overrides: Record<string, unknown>): { config: DomainConfig; problems: string[] } {
  const problems: string[] = [];
  const config: Record<string, unknown> = { ...defaultDomainConfig };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in defaultDomainConfig)) { problems.push(`${key}: not a rule setting`); continue; }
    const current = (defaultDomainConfig as unknown as Record<string, unknown>)[key];
    const expected = Array.isArray(current) ? 'array' : typeof current;
    const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    if (expected !== actual) { problems.push(`${key}: expected ${expected}, got ${actual}`); continue; }
    if (typeof value === 'number' && (!Number.isFinite(value) || value < 0)) { problems.push(`${key}: must be a number >= 0`); continue; }
    config[key] = value;
  }
  return { config: config as unknown as DomainConfig, problems };
}
