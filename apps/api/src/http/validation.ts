import { CodedHttpException } from '@avrr/auth';
import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldError {
  field: string;
  errors: string[];
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    const own = e.constraints ? [{ field, errors: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/** Fields named in one VALIDATION_FAILED answer; more are only counted (`details.truncated`). */
const MAX_FIELDS = 20;

/** Whitelist, forbid unknown fields, transform; failures become 400 VALIDATION_FAILED with per-field details. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => {
    const all = flattenValidationErrors(errors);
    // A small error body whatever the request: the first fields by name, the rest counted.
    const fields = all.slice(0, MAX_FIELDS).map((f) => ({ ...f, errors: f.errors.slice(0, 5) }));
    const more = all.length - fields.length;
    return new CodedHttpException(
      HttpStatus.BAD_REQUEST,
      'VALIDATION_FAILED',
      `Invalid request: ${fields.map((f) => f.field).join(', ')}${more ? `, and ${more} more` : ''}`,
      more ? { fields, truncated: more } : { fields },
    );
  },
});
