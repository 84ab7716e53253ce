import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * CI has no Docker, so `docker compose config` cannot check docker-compose.yml. Instead: the file, interpolated as
 * compose would with the variables of .env.example, must validate against the Compose specification's JSON schema
 * (tools/compose-spec), and must hold to what this project requires of it (issue 13: supported Temporal images, the
 * schema set up by the admin tools, secrets from an env file, a healthcheck on every service, the UI on the codec).
 */
const root = join(__dirname, '..');

type Service = {
  image?: string;
  healthcheck?: { test?: unknown; disable?: boolean };
  env_file?: unknown;
  environment?: Record<string, string>;
  command?: unknown;
  depends_on?: Record<string, { condition: string }>;
};
type ComposeFile = { services: Record<string, Service> };

function envExample(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(join(root, '.env.example'), 'utf8').split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) vars[m[1]] = m[2];
  }
  return vars;
}

/** Compose's interpolation (`$$`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`), on every string. */
function interpolate(value: unknown, env: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /\$\$|\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}/g,
      (all, name?: string, op?: string, arg?: string) => {
        if (all === '$$') return '$';
        const set = name! in env && (op?.startsWith(':') ? env[name!] !== '' : true);
        if (set) return env[name!];
        if (op?.endsWith('?')) throw new Error(`${name} is required: ${arg}`);
        return op ? arg! : '';
      },
    );
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)]));
  return value;
}

function loadCompose(env: Record<string, string>): ComposeFile {
  // Compose reads YAML 1.2 with merge keys (the `<<: *app` of the app services).
  const raw = load(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) });
  return interpolate(raw, env) as ComposeFile;
}

describe('docker-compose.yml', () => {
  const compose = loadCompose(envExample());
  const services = Object.entries(compose.services);

  it('validates against the Compose specification schema', () => {
    const { $schema: _ignored, ...schema } = JSON.parse(
      readFileSync(join(root, 'tools/compose-spec/compose-spec.json'), 'utf8'),
    ) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check can fail: a service with an unknown key is refused', () => {
    const { $schema: _ignored, ...schema } = JSON.parse(
      readFileSync(join(root, 'tools/compose-spec/compose-spec.json'), 'utf8'),
    ) as Record<string, unknown>;
    const validate = new Ajv({ strict: false }).compile(schema);
    const broken = structuredClone(compose) as ComposeFile & { services: Record<string, Record<string, unknown>> };
    broken.services.api.healthcheck_typo = {};
    expect(validate(broken)).toBe(false);
  });

  it('refuses to start without the secrets of .env', () => {
    expect(() => loadCompose({})).toThrow(/POSTGRES_PASSWORD is required/);
  });

  it('gives every service a healthcheck', () => {
    const without = services.filter(([, s]) => !s.healthcheck?.test || s.healthcheck.disable).map(([name]) => name);
    expect(without).toEqual([]);
  });

  it('runs Temporal from its supported images: the server, and the admin tools for the schema', () => {
    expect(services.filter(([, s]) => s.image?.includes('auto-setup'))).toEqual([]);
    expect(compose.services.temporal.image).toMatch(/^temporalio\/server:/);
    const schema = compose.services['temporal-schema'];
    expect(schema.image).toMatch(/^temporalio\/admin-tools:/);
    const script = JSON.stringify(schema.command);
    for (const db of ['temporal', 'temporal_visibility']) expect(script).toContain(db);
    for (const step of ['create', 'setup-schema', 'update-schema']) expect(script).toContain(step);
    expect(compose.services.temporal.depends_on?.['temporal-schema']).toEqual({
      condition: 'service_completed_successfully',
    });
  });

  it('reads the app secrets from an env file and runs in production mode by default', () => {
    for (const name of ['api', 'worker', 'migrate']) {
      expect(compose.services[name].env_file).toEqual([{ path: '.env', required: true }]);
    }
    expect(loadCompose({ POSTGRES_PASSWORD: 'x' }).services.api.environment?.NODE_ENV).toBe('production');
    // The demo users are not seeded by the stack: the API creates the initial administrator.
    expect(JSON.stringify(compose.services.migrate.command)).not.toContain('seed');
  });

  it('.env.example names the secrets and the initial administrator, with no real value', () => {
    const env = envExample();
    for (const name of [
      'POSTGRES_PASSWORD',
      'JWT_SECRET',
      'PAYLOAD_ENCRYPTION_KEYS',
      'PII_ENCRYPTION_KEY',
      'METRICS_TOKEN',
      'INITIAL_ADMIN_PASSWORD',
    ]) {
      expect(env[name]).toMatch(/CHANGE_ME/);
    }
    expect(env.INITIAL_ADMIN_USERNAME).toBeTruthy();
  });

  it('points the Temporal UI at the API codec endpoint, with the session cookie', () => {
    const ui = compose.services['temporal-ui'];
    expect(ui.image).toMatch(/^temporalio\/ui:/);
    expect(ui.environment?.TEMPORAL_CODEC_ENDPOINT).toBe('http://localhost:3000/codec');
    expect(ui.environment?.TEMPORAL_CODEC_INCLUDE_CREDENTIALS).toBe('true');
    // ...and the API allows the UI's origin.
    expect(compose.services.api.environment?.CODEC_CORS_ORIGINS).toBe('http://localhost:8233');
  });
});
