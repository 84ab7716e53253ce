import { APP_CONFIG, AppConfig, ConfigError } from '@avrr/config';
import { DomainConfig, mergeDomainConfig } from '@avrr/domain';

/** The configurable rule values ([C] in the domain brief) handed to every new case workflow. */
export const DOMAIN_CONFIG = Symbol('DOMAIN_CONFIG');

export const domainConfigProvider = {
  provide: DOMAIN_CONFIG,
  inject: [APP_CONFIG],
  useFactory: (app: AppConfig): DomainConfig => {
    const { config, problems } = mergeDomainConfig(app.domainRules);
    if (problems.length) throw new ConfigError(problems.map((p) => `DOMAIN_RULES.${p}`));
    return config;
  },
};
