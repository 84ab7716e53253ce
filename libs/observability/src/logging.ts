import type { LoggerService } from '@nestjs/common';
import type { Logger, LoggerOptions } from 'pino';
import { serializeError } from './error-serializer';

/** Fields that may hold personal data: never written to a log line, wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.givenName',
  '*.familyName',
  '*.aliases',
  '*.phone',
  '*.email',
  '*.address',
  '*.dateOfBirth',
  '*.notes',
  'body',
  '*.body',
  '*.parameters',
  '*.driverError',
  '*.detail',
];

/**
 * The one log format of the API and the worker: pino JSON lines (level, time, service, msg, ids), personal fields
 * redacted, errors without their statements' values. The API adds a line per request with its request id (apps/api/src/http/logging.ts).
 */
export function loggerOptions(service: 'avrr-api' | 'avrr-worker', level: string): LoggerOptions {
  return {
    level,
    base: { service, pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // An error's SQL parameters, statement values and request bodies never reach a line (error-serializer.ts).
    serializers: { err: serializeError, error: serializeError },
  };
}

type Level = 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal';

/**
 * Nest's LoggerService over a pino logger, for the processes without nestjs-pino's HTTP middleware (the worker): the
 * same JSON lines as the API (`context` names the Nest class, as nestjs-pino does).
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}
  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    // Nest calls error(message, stack?, context?); an Error goes in `err`, with its stack.
    const [stack, context] = rest.length >= 2 ? rest : [undefined, rest[0]];
    if (message instanceof Error) return this.pino.error({ err: message, context }, message.message);
    this.write('error', message, [context], typeof stack === 'string' ? { stack } : {});
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: unknown[], extra: Record<string, unknown> = {}) {
    const last = rest[rest.length - 1];
    const context = typeof last === 'string' ? last : undefined;
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      this.pino[level]({ ...(message as Record<string, unknown>), ...extra, context });
    } else {
      this.pino[level]({ ...extra, context }, String(message));
    }
  }
}
