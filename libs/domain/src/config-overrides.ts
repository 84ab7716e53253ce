import { defaultDomainConfig, validateReintegrationConfig, type DomainConfig } from './config';
import { VULNERABILITY_TYPES } from './types';

const PRE_EMBARKATION_CHECK_FOR: readonly string[] = ['MEDICAL', 'ALL', 'NONE'];

/** Problems of the pre-departure settings that their types alone do not catch. */
function preDepartureProblems(config: DomainConfig): string[] {
  const problems: string[] = [];
  if (!PRE_EMBARKATION_CHECK_FOR.includes(config.preEmbarkationCheckRequiredFor)) {
    problems.push(`preEmbarkationCheckRequiredFor: one of ${PRE_EMBARKATION_CHECK_FOR.join(', ')}`);
  }
  const unknown = config.vulnerabilitiesNeedingSupervisor.filter(
    (v) => !(VULNERABILITY_TYPES as readonly string[]).includes(v),
  );
  if (unknown.length) problems.push(`vulnerabilitiesNeedingSupervisor: unknown vulnerability ${unknown.join(', ')}`);
  if (!Number.isInteger(config.adultAge) || config.adultAge < 1) problems.push('adultAge: a whole number >= 1');
  return problems;
}

/**
 * Applies a deployment's overrides (the DOMAIN_RULES JSON) to the default rule values and checks the result, so a
 * deployment boots with a usable config or not at all. Unknown keys and values of the wrong type are reported, never
 * ignored, so a typo cannot silently leave a default in force.
 */
export function mergeDomainConfig(overrides: Record<string, unknown>): { config: DomainConfig; problems: string[] } {
  const problems: string[] = [];
  const config: Record<string, unknown> = { ...defaultDomainConfig };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in defaultDomainConfig)) {
      problems.push(`${key}: not a rule setting`);
      continue;
    }
    const current = (defaultDomainConfig as unknown as Record<string, unknown>)[key];
    const expected = Array.isArray(current) ? 'array' : typeof current;
    const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    if (expected !== actual) {
      problems.push(`${key}: expected ${expected}, got ${actual}`);
      continue;
    }
    if (typeof value === 'number' && (!Number.isFinite(value) || value < 0)) {
      problems.push(`${key}: must be a number >= 0`);
      continue;
    }
    config[key] = value;
  }
  const merged = config as unknown as DomainConfig;
  if (problems.length === 0) problems.push(...preDepartureProblems(merged), ...validateReintegrationConfig(merged));
  return { config: merged, problems };
}
