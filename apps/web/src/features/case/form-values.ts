/** Form state of a generated form and the payload it becomes (pure: unit-tested without a browser). */
import type { FieldModel } from './schema';

export type Values = Record<string, unknown>;

export function initialValue(f: FieldModel): unknown {
  switch (f.kind) {
    case 'boolean':
      return f.required ? false : undefined;
    case 'object':
      return initialValues(f.fields ?? []);
    case 'object-array':
      return f.required ? [initialValues(f.fields ?? [])] : [];
    case 'enum-array':
    case 'members':
      return [];
    default:
      return '';
  }
}

export function initialValues(fields: readonly FieldModel[]): Values {
  return Object.fromEntries(fields.map((f) => [f.name, initialValue(f)]));
}

const isEmptyObject = (v: unknown) => typeof v === 'object' && v !== null && Object.keys(v).length === 0;

/** `2026-05-01T10:30` (a datetime-local input, the browser's zone) as an ISO instant. */
export function localDateTimeToIso(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/**
 * The payload: empty optional fields left out (the API tells absent from empty), numbers as numbers, comma lists as
 * arrays, date-times as instants.
 */
export function toPayload(fields: readonly FieldModel[], values: Values): Values {
  const out: Values = {};
  for (const f of fields) {
    const v = values[f.name];
    let value: unknown;
    switch (f.kind) {
      case 'boolean':
        value = v;
        break;
      case 'number':
      case 'integer':
        value = v === '' || v === undefined || v === null ? undefined : Number(v);
        break;
      case 'date-time':
        value = typeof v === 'string' && v ? localDateTimeToIso(v) : undefined;
        break;
      case 'string-array': {
        const list =
          typeof v === 'string'
            ? v
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean)
            : [];
        value = list.length || f.required ? list : undefined;
        break;
      }
      case 'enum-array':
      case 'members': {
        const list = Array.isArray(v) ? v : [];
        value = list.length || f.required ? list : undefined;
        break;
      }
      case 'object': {
        const inner = toPayload(f.fields ?? [], (v as Values | undefined) ?? {});
        value = isEmptyObject(inner) && !f.required ? undefined : inner;
        break;
      }
      case 'object-array': {
        const list = Array.isArray(v) ? v.map((x) => toPayload(f.fields ?? [], x as Values)) : [];
        value = list.length || f.required ? list : undefined;
        break;
      }
      default:
        value = typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
    }
    if (value !== undefined) out[f.name] = value;
  }
  return out;
}

/** `guardianMemberId` -> `Guardian member id`: the label when a catalogue lacks the field (never shown in tests). */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
