import { isIsoDate } from '@avrr/domain';
import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

export const IS_CALENDAR_DATE = 'isCalendarDate';

/**
 * A real calendar date 'YYYY-MM-DD' (2026-02-30 fails), by the same test the rules use (`isIsoDate`), so the API
 * never accepts a date the workflow would reject. Pair it with `@Matches(/^\d{4}-\d{2}-\d{2}$/)` for the format.
 */
export function IsCalendarDate(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_CALENDAR_DATE,
      validator: {
        validate: (value: unknown): boolean => isIsoDate(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a real calendar date (YYYY-MM-DD)`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}
