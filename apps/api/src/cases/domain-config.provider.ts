import { defaultDomainConfig, DomainConfig } from '@avrr/domain';

/** The configurable rule values ([C] in the domain brief) handed to every new case workflow. */
export const DOMAIN_CONFIG = Symbol('DOMAIN_CONFIG');

export const domainConfigProvider = { provide: DOMAIN_CONFIG, useFactory: (): DomainConfig => ({ ...defaultDomainConfig }) };
