import { Allow } from 'class-validator';

/** A key no JSON body can carry: Object.keys() skips symbols, so every field sent is still flagged as unknown. */
const NO_FIELDS = Symbol('noFields');

/**
 * For a command without fields. class-validator answers "an unknown value was passed to the validate function" for a
 * class with no validation metadata at all (forbidUnknownValues is on by default), and then skips the whitelist: an
 * empty class would reject `{}` and let unknown fields through. This registers metadata on a symbol key instead, so
 * `{}` passes and any field is "property x should not exist" under `forbidNonWhitelisted`.
 */
export function NoFields(): ClassDecorator {
  return (target) => {
    Allow()(target.prototype as object, NO_FIELDS);
  };
}
