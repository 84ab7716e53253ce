import { CodedHttpException } from '@avrr/auth';
import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';

/** A path id that is not a uuid names nothing that exists: 404 with the resource's code, like an unknown id. */
export function idParam(code: string, message: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => new CodedHttpException(HttpStatus.NOT_FOUND, code, message) });
}

export const caseIdParam = idParam('CASE_NOT_FOUND', 'Case not found');
