/**
 * Errors as a log line (or an operations screen) may show them. A database error carries the statement's values:
 * TypeORM's QueryFailedError has `query` and `parameters` (a household's names, phone, notes at registration),
 * node-postgres' DatabaseError `detail` ("Key (phone)=(+212...) already exists", "Failing row contains (...)") and
 * `where`, and some messages quote the value itself ('invalid input syntax for type date: "..."'). What is kept:
 * the error's type, SQLSTATE, constraint, table and column names, and its message and stack with every quoted part
 * cut. Other errors keep their message and stack, and of their own fields only short scalars outside a list of names
 * that carry requests, bodies or values.
 */

/** Fields that carry a statement, its values, a request or a body, in any error: never copied. */
const VALUE_FIELDS = new Set([
  'parameters',
  'query',
  'detail',
  'where',
  'hint',
  'internalQuery',
  'driverError',
  'body',
  'data',
  'request',
  'response',
  'config',
  'headers',
  'params',
  'payload',
  'value',
  'values',
  'input',
]);

/** Identifying fields of a database error: names, never values. */
const DB_FIELDS = ['code', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine', 'severity'] as const;

type Loose = Record<string, unknown>;

/** TypeORM's QueryFailedError (it wraps the driver's error), or node-postgres' DatabaseError (SQLSTATE + severity). */
export function isDatabaseError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as Loose;
  if (e.name === 'QueryFailedError' || e.driverError !== undefined || 'parameters' in e) return true;
  return typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';
}

/** A database message without what it quotes (values; constraint names are kept in `constraint`). */
export function scrubDatabaseMessage(message: string): string {
  return message
    .replace(/"(?:[^"\\]|\\.)*"/g, '"[value]"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'[value]'")
    .replace(/\((?:[^()]|\([^()]*\))*\)=\((?:[^()]|\([^()]*\))*\)/g, '(...)=([value])');
}

function scrubStack(stack: string, message: string, scrubbed: string): string {
  // The first line repeats the message; the frames are code locations.
  const lines = stack.split('\n');
  const firstFrame = lines.findIndex((l) => /^\s+at /.test(l));
  const head = (firstFrame < 0 ? lines : lines.slice(0, firstFrame)).join('\n');
  const frames = firstFrame < 0 ? [] : lines.slice(firstFrame);
  return [
    message && head.includes(message) ? head.replace(message, scrubbed) : scrubDatabaseMessage(head),
    ...frames,
  ].join('\n');
}

/** The pino serializer of `err` and `error`: see the file's comment. */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!err || typeof err !== 'object') return err;
  const e = err as Loose;
  const db = isDatabaseError(e);
  const name = typeof e.name === 'string' ? e.name : (e.constructor?.name ?? 'Error');
  const message = typeof e.message === 'string' ? e.message : '';
  const shownMessage = db ? scrubDatabaseMessage(message) : message;
  const out: Loose = { type: name, message: shownMessage };
  if (typeof e.stack === 'string') out.stack = db ? scrubStack(e.stack, message, shownMessage) : e.stack;
  if (db) {
    const driver = (e.driverError && typeof e.driverError === 'object' ? e.driverError : e) as Loose;
    for (const f of DB_FIELDS) {
      const v = driver[f] ?? e[f];
      if (typeof v === 'string' || typeof v === 'number') out[f] = v;
    }
    return out;
  }
  for (const [k, v] of Object.entries(e)) {
    if (k in out || VALUE_FIELDS.has(k) || k === 'cause' || k === 'errors') continue;
    if ((typeof v === 'string' && v.length <= 200) || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  if (depth < 3 && e.cause !== undefined) out.cause = serializeError(e.cause, depth + 1);
  if (depth < 3 && Array.isArray(e.errors)) out.errors = e.errors.slice(0, 5).map((x) => serializeError(x, depth + 1));
  return out;
}

/** One line for a log field or a stored failure reason: the type and the (scrubbed) message. */
export function describeError(err: unknown): string {
  if (!err || typeof err !== 'object') return String(err).slice(0, 300);
  const s = serializeError(err) as { type: string; message: string; code?: string };
  const prefix = s.type === 'Error' && !s.code ? '' : `${s.type}${s.code ? ` ${s.code}` : ''}: `;
  return `${prefix}${s.message}`.slice(0, 300);
}
