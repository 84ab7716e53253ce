import { CodedHttpException } from '@avrr/auth';
import { HttpStatus, PipeTransform } from '@nestjs/common';

/** Idempotency-Key: optional, 8-128 visible characters. */
export const idempotencyKeyPipe = {
  transform(value: unknown): string | undefined {
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string' || !/^[\x21-\x7e]{8,128}$/.test(value)) {
      throw new CodedHttpException(
        HttpStatus.BAD_REQUEST,
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key must be 8 to 128 visible ASCII characters',
      );
    }
    return value;
  },
} satisfies PipeTransform;
