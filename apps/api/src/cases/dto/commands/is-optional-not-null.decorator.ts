import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * `@IsOptional()` for the domain's `field?: T`: skips the checks only when the field is left out. class-validator's
 * `@IsOptional()` also skips them for `null`, which the rules do not accept (a null would pass here and be refused
 * later as INVALID_COMMAND, or for unchecked codes such as `mitigation` reach the events); `null` is checked like any
 * other value and fails.
 */
export function IsOptionalNotNull(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, validationOptions);
}
