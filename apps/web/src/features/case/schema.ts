/**
 * The command payload schemas of the OpenAPI document, read at build time, turned into a small field model the
 * generic form renders. The document is the contract: a field added to a payload appears in the form.
 */
import { components } from '../../api/openapi.json';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  example?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
}

const SCHEMAS = components.schemas as unknown as Record<string, JsonSchema>;

export type FieldKind =
  | 'string'
  | 'enum'
  | 'boolean'
  | 'number'
  | 'integer'
  | 'date'
  | 'date-time'
  | 'member'
  | 'members'
  | 'enum-array'
  | 'string-array'
  | 'object'
  | 'object-array';

export interface FieldModel {
  name: string;
  kind: FieldKind;
  required: boolean;
  options?: string[];
  fields?: FieldModel[];
  description?: string;
  min?: number;
  max?: number;
}

function refName(ref: string): string {
  return ref.replace('#/components/schemas/', '');
}

/** Follows $ref and merges allOf (Nest wraps a described $ref in allOf), so callers see one plain schema. */
export function resolve(schema: JsonSchema | undefined): JsonSchema {
  if (!schema) return {};
  if (schema.$ref) return resolve(SCHEMAS[refName(schema.$ref)]);
  if (schema.allOf?.length) {
    const merged: JsonSchema = { ...schema, allOf: undefined };
    for (const part of schema.allOf) {
      const r = resolve(part);
      merged.type ??= r.type;
      merged.properties = { ...(merged.properties ?? {}), ...(r.properties ?? {}) };
      merged.required = [...(merged.required ?? []), ...(r.required ?? [])];
      merged.enum ??= r.enum;
      merged.items ??= r.items;
      merged.format ??= r.format;
    }
    return merged;
  }
  return schema;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** Fields that name household members: chosen from the case's members by name, never typed as ids. */
const MEMBER_FIELD = /(^memberId$|MemberId$)/;
const MEMBERS_FIELD = /(^memberIds$|MemberIds$|^travellerIds$)/;

function typeOf(s: JsonSchema): string | undefined {
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
}

export function fieldOf(name: string, raw: JsonSchema, required: boolean): FieldModel {
  const s = resolve(raw);
  const base = { name, required, description: s.description ?? raw.description };
  const type = typeOf(s) ?? (s.properties ? 'object' : s.items ? 'array' : 'string');
  if (type === 'array') {
    const item = resolve(s.items);
    if (MEMBERS_FIELD.test(name)) return { ...base, kind: 'members' };
    if (item.enum) return { ...base, kind: 'enum-array', options: item.enum.map(String) };
    if (typeOf(item) === 'object' || item.properties) return { ...base, kind: 'object-array', fields: fieldsOf(item) };
    return { ...base, kind: 'string-array' };
  }
  if (type === 'object') return { ...base, kind: 'object', fields: fieldsOf(s) };
  if (s.enum) return { ...base, kind: 'enum', options: s.enum.map(String) };
  if (type === 'boolean') return { ...base, kind: 'boolean' };
  if (type === 'integer' || type === 'number') return { ...base, kind: type, min: s.minimum, max: s.maximum };
  if (MEMBER_FIELD.test(name)) return { ...base, kind: 'member' };
  const example = typeof s.example === 'string' ? s.example : '';
  if (s.format === 'date' || DATE.test(example)) return { ...base, kind: 'date' };
  if (s.format === 'date-time' || DATE_TIME.test(example)) return { ...base, kind: 'date-time' };
  return { ...base, kind: 'string' };
}

export function fieldsOf(schema: JsonSchema): FieldModel[] {
  const s = resolve(schema);
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).map(([name, p]) => fieldOf(name, p, required.has(name)));
}

/**
 * The payload schema of a command type: the discriminator's mapping when the document has one, else the variant
 * whose `type` is the command, else the `<Type>Payload` naming the API uses.
 */
export function payloadSchemaOf(type: string): JsonSchema | undefined {
  const request = SCHEMAS.CaseCommandRequest;
  const mapped = request?.discriminator?.mapping?.[type];
  const variants = request?.oneOf ?? [];
  const pick = (v: JsonSchema) => {
    const r = resolve(v);
    const t = resolve(r.properties?.type);
    return t.const === type || (t.enum?.length === 1 && t.enum[0] === type);
  };
  const variant = mapped ? SCHEMAS[refName(mapped)] : variants.find(pick);
  if (variant) {
    const payload = resolve(variant).properties?.payload;
    if (payload) return resolve(payload);
  }
  return SCHEMAS[`${type}Payload`];
}

export function commandFields(type: string): FieldModel[] {
  const schema = payloadSchemaOf(type);
  return schema ? fieldsOf(schema) : [];
}
