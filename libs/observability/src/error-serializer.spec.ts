import pino from 'pino';
import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { describeError, serializeError } from './error-serializer';
import { loggerOptions } from './logging';

const CANARY = 'Zyxcanary Qwelaba';
const PHONE = '+212600999111';

/** What node-postgres throws for a check or unique violation: the values in `detail`. */
function pgError(message: string, extra: Record<string, unknown>): Error {
  return Object.assign(new Error(message), { name: 'error', severity: 'ERROR', ...extra });
}

function capture(): { lines: string[]; log: pino.Logger } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: pino(loggerOptions('avrr-api', 'info'), sink) };
}

describe('error serializer', () => {
  const driver = pgError('new row for relation "individuals" violates check constraint "individuals_phone_check"', {
    code: '23514',
    detail: `Failing row contains (${CANARY}, ${PHONE}, notes of the household).`,
    table: 'individuals',
    constraint: 'individuals_phone_check',
  });
  const failed = new QueryFailedError('INSERT INTO individuals VALUES ($1, $2)', [CANARY, PHONE], driver);

  it('should keep the type, SQLSTATE, table and constraint of a database error, and none of its values', () => {
    const out = serializeError(failed) as Record<string, unknown>;
    expect(out).toMatchObject({ type: 'QueryFailedError', code: '23514', table: 'individuals' });
    expect(out.constraint).toBe('individuals_phone_check');
    expect(JSON.stringify(out)).not.toMatch(/Zyxcanary|600999111|notes of the household|INSERT INTO|Failing row/);
  });

  it('should cut what a database message quotes (a value), in the message and the stack', () => {
    const err = new QueryFailedError(
      'SELECT $1::date',
      [CANARY],
      pgError(`invalid input syntax for type date: "${CANARY}"`, { code: '22007' }),
    );
    expect(JSON.stringify(serializeError(err))).not.toContain('Zyxcanary');
    expect(describeError(err)).toBe('QueryFailedError 22007: invalid input syntax for type date: "[value]"');
  });

  it('should drop request bodies and parameters from any error, and keep short scalar fields', () => {
    const err = Object.assign(new Error('boom'), { body: { givenName: CANARY }, data: [PHONE], status: 502 });
    const out = serializeError(err) as Record<string, unknown>;
    expect(out).toMatchObject({ type: 'Error', message: 'boom', status: 502 });
    expect(JSON.stringify(out)).not.toMatch(/Zyxcanary|600999111/);
    expect(describeError(new Error('the reminder is not pending'))).toBe('the reminder is not pending');
  });

  it('should write no value of a failed statement through the logger, under err or error, nested or not', () => {
    const { lines, log } = capture();
    log.error({ err: failed, requestId: 'r1' }, 'unhandled error');
    log.warn({ error: failed }, 'projection failed');
    log.error({ err: new Error('wrapper', { cause: failed }) }, 'wrapped');
    log.info({ body: { givenName: CANARY }, request: { body: { phone: PHONE } } }, 'request');
    const all = lines.join('');
    expect(lines).toHaveLength(4);
    expect(all).toContain('23514');
    expect(all).not.toMatch(/Zyxcanary|600999111|notes of the household/);
  });

  it('should find the canary when the serializer is bypassed (the test can fail)', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    pino({ level: 'info' }, sink).error({ err: failed }, 'plain pino');
    expect(lines.join('')).toMatch(/Zyxcanary/);
  });
});
