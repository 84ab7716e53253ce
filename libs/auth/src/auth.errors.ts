import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * An HTTP error with a stable machine-readable code; the global filter renders it. `retryAfterSeconds` becomes the
 * `Retry-After` header, for a refusal that the same request may retry (429, 503).
 */
export class CodedHttpException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super({ code, message, details }, status);
  }
}
