/** Public API of the pure AVRR rules. Sandbox-safe: no I/O, no clock, no randomness, no imports from outside. */
export * from './types';
export * from './stages';
export * from './reopen-window';
export * from './config';
export * from './commands';
export * from './events';
export * from './state';
export * from './evolve';
export * from './requirements';
export * from './decide';
export * from './deadlines';
export * from './view';
export * from './dates';
export {
  bestDocument,
  findMember,
  isAdultOn,
  isUasc,
  travellerIds,
  travellers,
} from './queries';
export { validateCommand, MEMBER_HOLDS } from './validate';
export { mergeDomainConfig } from './config-overrides';
export * from './reintegration';
export * from './rss';
export * from './reminders';
export * from './sla';
export * from './sla-ownership';
export * from './hold-periods';
export * from './disclosure';
