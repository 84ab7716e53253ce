import type { RejectionCode } from '@avrr/domain';

/**
 * Every `code` the API answers with, for the OpenAPI enum (clients translate from it, so a code missing here is a
 * code a client cannot know). error-codes.spec.ts checks that every code the sources
 * throw is listed; no Nest import here, so that the check runs as a unit test.
 */
export const ERROR_CODES = [
  // the rules (the case workflow's rejections: RULE_STATUS of the error filter)
  'STALE_VERSION',
  'NOT_ALLOWED_IN_STAGE',
  'ROLE_NOT_ALLOWED',
  'REQUIREMENTS_NOT_MET',
  'INVALID_COMMAND',
  'UNKNOWN_MEMBER',
  // requests the API refuses itself
  'VALIDATION_FAILED',
  // reports: a period that ends before it starts, or longer than the reports allow
  'REPORT_PERIOD_INVALID',
  // data protection: transfers outside the allow-lists and their decision
  'TRANSFER_NOT_FOUND',
  'TRANSFER_ITEM_PROHIBITED',
  'TRANSFER_ALREADY_DECIDED',
  'MALFORMED_JSON',
  'BODY_TOO_COMPLEX',
  'WEBHOOK_TARGET_REFUSED',
  'INVALID_CURSOR',
  'INVALID_IDEMPOTENCY_KEY',
  'IDEMPOTENCY_KEY_REUSED',
  'EFFECTIVE_TIME_IN_FUTURE',
  'INVALID_RECEIVING_OFFICE',
  'DUPLICATE_CANDIDATE_NOT_FOUND',
  'UNKNOWN_OFFICE',
  'OFFICE_OUT_OF_SCOPE',
  'CASE_NOT_FOUND',
  'NOTIFICATION_NOT_FOUND',
  'REMINDER_NOT_FOUND',
  'TASK_NOT_FOUND',
  'ASSIGNEE_NOT_ELIGIBLE',
  'ACTION_NOT_FOUND',
  'ACTION_ALREADY_DECIDED',
  'SECOND_USER_REQUIRED',
  'NOTHING_MATCHES',
  'COUNT_CHANGED',
  'CASE_BUSY',
  // administration
  'USER_NOT_FOUND',
  'USERNAME_TAKEN',
  'OFFICE_EXISTS',
  'ROLE_NOT_ASSIGNABLE',
  'OFFICE_REQUIRED',
  'OFFICE_NOT_ALLOWED',
  'OFFICE_KIND_MISMATCH',
  'INVALID_TIME_ZONE',
  'LAST_ADMINISTRATOR',
  'PAYLOAD_UNDECODABLE',
  // RSS weight sets (issue 10)
  'INVALID_RSS_WEIGHTS',
  'UNKNOWN_RSS_INSTRUMENT',
  'RSS_WEIGHTS_VERSION_EXISTS',
  'RSS_WEIGHTS_NOT_FOUND',
  'RSS_WEIGHTS_INSTRUMENT_MISMATCH',
  'RSS_NOT_FOUND',
  // authentication
  'INVALID_CREDENTIALS',
  'LOGIN_RATE_LIMITED',
  'AUTH_REQUIRED',
  'TOKEN_INVALID',
  'CSRF_TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'SESSION_REVOKED',
  'OIDC_DISABLED',
  'OIDC_FAILED',
  'METRICS_TOKEN_REQUIRED',
  // the engine and its dependencies
  'WORKFLOW_ENGINE_UNAVAILABLE',
  'DATABASE_UNAVAILABLE',
  'SHUTTING_DOWN',
  'INTERNAL_ERROR',
  // the HTTP layer (router, body parser, Node) and HTTP statuses without a code of ours
  'BAD_REQUEST',
  'MALFORMED_URL',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONSOLE_NOT_BUILT',
  'METHOD_NOT_ALLOWED',
  'READ_ONLY',
  'NOT_ACCEPTABLE',
  'REQUEST_TIMEOUT',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'URI_TOO_LONG',
  'UNSUPPORTED_MEDIA_TYPE',
  'EXPECTATION_FAILED',
  'UNPROCESSABLE_ENTITY',
  'TOO_MANY_REQUESTS',
  'HEADERS_TOO_LARGE',
  'SERVICE_UNAVAILABLE',
  'HTTP_ERROR',
  // retention (issue 11 item 4): the personal data of an anonymised case is gone; an unknown retention run
  'CASE_ANONYMISED',
  'RETENTION_RUN_NOT_FOUND',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A rejection code of the rules missing above does not compile. */
type UnlistedRuleCode = Exclude<RejectionCode, ErrorCode>;
export const RULE_CODES_LISTED: [UnlistedRuleCode] extends [never] ? true : { unlisted: UnlistedRuleCode } = true;
