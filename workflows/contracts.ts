/** What clients (API, worker, tests) import: message definitions, input types and activity interfaces. */
export * from './case/case.activities';
export * from './case/case.contract';
