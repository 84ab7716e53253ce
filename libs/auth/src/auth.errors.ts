import { HttpException, HttpStatus } from '@nestjs/common';

/** An HTTP error with a stable machine-readable code; the global filter renders it. */
export class CodedHttpException extends HttpException {
  constructor(status: HttpStatus, readonly code: string, message: string, readonly details?: unknown) {
    super({ code, message, details }, status);
  }
}
