import { COMMAND_TYPES, REQUIREMENT_DISCLOSURE, STAGES, WITHHELD } from '../../../../libs/domain/src';
import openapi from '../api/openapi.json';
import ar from './locales/ar';
import en from './locales/en';
import fr from './locales/fr';
import { LANGUAGES, NAMESPACES } from './index';

const resources = { en, fr, ar };

type Catalogue = { [key: string]: string | Catalogue };

/** `a.b.c` for every leaf; plural forms (`_one`, `_few`, ...) fold into their base key, since languages differ there. */
function keysOf(cat: Catalogue, prefix = ''): string[] {
  return Object.entries(cat).flatMap(([k, v]) =>
    typeof v === 'string'
      ? [`${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`]
      : keysOf(v, `${prefix}${k}.`),
  );
}

const catalogue = (lang: string, ns: string) =>
  (resources as unknown as Record<string, Record<string, Catalogue>>)[lang][ns];
const has = (lang: string, ns: string, key: string) => new Set(keysOf(catalogue(lang, ns))).has(key);

interface Schema {
  properties?: Record<string, Schema>;
  enum?: unknown[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
}
/**
 * The error codes the OpenAPI document declares: an `ErrorCode` enum schema, or the `code` enum of an error schema
 * (inline or through $ref / allOf).
 */
function documentedErrorCodes(): string[] {
  const schemas = (openapi as unknown as { components: { schemas: Record<string, Schema & { $ref?: string }> } })
    .components.schemas;
  const enumOf = (s: (Schema & { $ref?: string }) | undefined): unknown[] => {
    if (!s) return [];
    if (s.enum) return s.enum;
    if (s.$ref) return enumOf(schemas[s.$ref.replace('#/components/schemas/', '')]);
    return (s.allOf ?? []).flatMap(enumOf);
  };
  return Object.entries(schemas)
    .filter(([name]) => /error/i.test(name))
    .flatMap(([name, s]) => (/code$/i.test(name) ? enumOf(s) : enumOf(s.properties?.code)))
    .map(String);
}

describe('message catalogues', () => {
  it.each(NAMESPACES)('should give every language the same keys in %s', (ns) => {
    const all = new Set(LANGUAGES.flatMap((l) => keysOf(catalogue(l, ns))));
    for (const lang of LANGUAGES) {
      const own = new Set(keysOf(catalogue(lang, ns)));
      expect({ lang, ns, missing: [...all].filter((k) => !own.has(k)) }).toEqual({ lang, ns, missing: [] });
    }
  });

  it('should not leave an Arabic or French message in English', () => {
    // A copied catalogue is complete by keys but not translated: most values must differ from English.
    for (const lang of ['fr', 'ar']) {
      for (const ns of ['common', 'requirements', 'errors', 'commands', 'events', 'stages']) {
        const en = catalogue('en', ns);
        const other = catalogue(lang, ns);
        const flat = (c: Catalogue, p = ''): [string, string][] =>
          Object.entries(c).flatMap(([k, v]) => (typeof v === 'string' ? [[p + k, v]] : flat(v, `${p}${k}.`)));
        const enMap = new Map(flat(en));
        const pairs = flat(other).filter(([k]) => enMap.has(k));
        const same = pairs.filter(([k, v]) => enMap.get(k) === v).length;
        expect({ lang, ns, share: same / Math.max(pairs.length, 1) < 0.2 }).toEqual({ lang, ns, share: true });
      }
    }
  });

  it('should name every requirement code of the domain, and the withheld one, in every language', () => {
    const codes = [...Object.keys(REQUIREMENT_DISCLOSURE), WITHHELD];
    for (const lang of LANGUAGES) {
      expect({ lang, missing: codes.filter((c) => !has(lang, 'requirements', c)) }).toEqual({ lang, missing: [] });
    }
  });

  it('should translate every error code the API documents, and the rule rejections', () => {
    expect(documentedErrorCodes().length).toBeGreaterThan(20);
    const codes = new Set([
      ...documentedErrorCodes(),
      'STALE_VERSION',
      'NOT_ALLOWED_IN_STAGE',
      'ROLE_NOT_ALLOWED',
      'REQUIREMENTS_NOT_MET',
      'INVALID_COMMAND',
      'UNKNOWN_MEMBER',
      'VALIDATION_FAILED',
      'CASE_NOT_FOUND',
      'NETWORK_ERROR',
      'UNKNOWN_ERROR',
    ]);
    for (const lang of LANGUAGES) {
      expect({ lang, missing: [...codes].filter((c) => !has(lang, 'errors', c)) }).toEqual({ lang, missing: [] });
    }
  });

  it('should name every stage and command type, and say every command in the timeline', () => {
    for (const lang of LANGUAGES) {
      expect({ lang, missing: STAGES.filter((s) => !has(lang, 'stages', s)) }).toEqual({ lang, missing: [] });
      expect({ lang, missing: COMMAND_TYPES.filter((c) => !has(lang, 'commands', `types.${c}`)) }).toEqual({
        lang,
        missing: [],
      });
      expect({ lang, missing: COMMAND_TYPES.filter((c) => !has(lang, 'events', c)) }).toEqual({ lang, missing: [] });
    }
  });

  it('should label every field and enum value of the command payloads', () => {
    const schemas = (openapi as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;
    const fields = new Set<string>();
    const values = new Set<string>();
    const walk = (s: Schema | undefined) => {
      if (!s) return;
      s.enum?.forEach((v) => values.add(String(v)));
      walk(s.items);
      s.allOf?.forEach(walk);
      for (const [k, p] of Object.entries(s.properties ?? {})) {
        fields.add(k);
        walk(p);
      }
    };
    for (const [name, s] of Object.entries(schemas)) if (/Payload$/.test(name)) walk(s);
    for (const lang of LANGUAGES) {
      expect({ lang, missing: [...fields].filter((f) => !has(lang, 'commands', `fields.${f}`)) }).toEqual({
        lang,
        missing: [],
      });
      expect({ lang, missing: [...values].filter((v) => !has(lang, 'commands', `values.${v}`)) }).toEqual({
        lang,
        missing: [],
      });
    }
  });
});
