import { CodedHttpException } from '@avrr/auth';
import { HttpStatus } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Limits on the shape of what a client sends (OWASP API4, unrestricted resource consumption), checked before any
 * DTO sees it, so that no validator, transformer or error message ever works in proportion to a hostile body:
 * nesting deeper than any request of the API needs, arrays and objects wider than any needs (a household of 10,000
 * empty members is refused here, at once, with one short error), and control characters (NUL and the like), which no
 * field of the API accepts, refused everywhere: body strings and keys, query parameters and path parameters.
 */
export const INPUT_LIMITS = {
  /** Nesting of objects and arrays in a JSON body (the deepest request, a command's payload, needs 6). */
  maxDepth: 32,
  /** Items of one array (the largest list a request carries, a plan's activities or a household, is far below). */
  maxArrayLength: 1000,
  /** Members of one object. */
  maxObjectKeys: 200,
} as const;

/** C0 controls and DEL, except tab, line feed and carriage return, which free text (a note) may hold. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BODY_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** In a query or path parameter no control character at all. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const PARAM_CONTROL = /[\u0000-\u001F\u007F]/;
const CONTROL_MESSAGE = 'control characters are not allowed';
/** At most this many fields are named in one error (the rest are counted). */
const MAX_NAMED_FIELDS = 20;

const tooComplex = (message: string, path: string, limit: number) =>
  new CodedHttpException(HttpStatus.BAD_REQUEST, 'BODY_TOO_COMPLEX', message, { path, limit });

/**
 * The nesting depth of a JSON text, from its bytes: brackets outside strings. Runs before JSON.parse, whose prototype
 * poisoning check walks the parsed value recursively (a body nested 100,000 deep would overflow the stack).
 */
export function jsonDepthExceeds(text: Buffer, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return false;
}

interface FieldProblem {
  field: string;
  errors: string[];
}

/**
 * Walks a parsed body without recursion: throws BODY_TOO_COMPLEX for an array or object over the limits (or a depth
 * over it, for a body that did not come through the JSON parser), and returns the fields holding control characters.
 */
export function checkBodyShape(body: unknown): { problems: FieldProblem[]; more: number } {
  const problems: FieldProblem[] = [];
  let more = 0;
  const flag = (field: string) => {
    if (problems.length < MAX_NAMED_FIELDS) problems.push({ field: field || '(body)', errors: [CONTROL_MESSAGE] });
    else more += 1;
  };
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (BODY_CONTROL.test(value)) flag(path);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= INPUT_LIMITS.maxDepth)
      throw tooComplex(`The body is nested deeper than ${INPUT_LIMITS.maxDepth} levels`, path, INPUT_LIMITS.maxDepth);
    if (Array.isArray(value)) {
      if (value.length > INPUT_LIMITS.maxArrayLength)
        throw tooComplex(
          `${path || 'The body'} has more than ${INPUT_LIMITS.maxArrayLength} items`,
          path,
          INPUT_LIMITS.maxArrayLength,
        );
      value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > INPUT_LIMITS.maxObjectKeys)
      throw tooComplex(
        `${path || 'The body'} has more than ${INPUT_LIMITS.maxObjectKeys} members`,
        path,
        INPUT_LIMITS.maxObjectKeys,
      );
    for (const key of keys) {
      const field = path ? `${path}.${key}` : key;
      if (BODY_CONTROL.test(key)) flag(field);
      stack.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return { problems, more };
}

function controlCharacterError(problems: FieldProblem[], more: number): CodedHttpException {
  return new CodedHttpException(
    HttpStatus.BAD_REQUEST,
    'VALIDATION_FAILED',
    `Invalid request: ${CONTROL_MESSAGE} (${problems.map((p) => p.field).join(', ')}${more ? `, and ${more} more` : ''})`,
    more ? { fields: problems, truncated: more } : { fields: problems },
  );
}

/** Query and path parameters with control characters (after percent-decoding). */
function paramProblems(request: FastifyRequest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [where, values] of [
    ['query', request.query],
    ['path', request.params],
  ] as const) {
    if (!values || typeof values !== 'object') continue;
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      const list = Array.isArray(value) ? value : [value];
      if (PARAM_CONTROL.test(name) || list.some((v) => typeof v === 'string' && PARAM_CONTROL.test(v)))
        problems.push({ field: where === 'query' ? name : `:${name}`, errors: [CONTROL_MESSAGE] });
      if (problems.length >= MAX_NAMED_FIELDS) return problems;
    }
  }
  return problems;
}

/**
 * The JSON parser (Fastify's, with its prototype-poisoning refusal) behind the depth check, and a hook that checks
 * every parsed body (JSON or form) and every parameter before validation; refusals go through the exception filter
 * like any other error.
 */
export function registerInputLimits(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  const defaultJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request, body: Buffer, done) => {
    if (jsonDepthExceeds(body, INPUT_LIMITS.maxDepth)) {
      done(
        tooComplex(`The body is nested deeper than ${INPUT_LIMITS.maxDepth} levels`, '', INPUT_LIMITS.maxDepth),
        undefined,
      );
      return;
    }
    void defaultJson(request as unknown as FastifyRequest, body.toString('utf8'), done);
  });
  fastify.addHook('preValidation', async (request) => {
    const params = paramProblems(request);
    if (params.length) throw controlCharacterError(params, 0);
    if (request.body !== undefined) {
      const { problems, more } = checkBodyShape(request.body);
      if (problems.length) throw controlCharacterError(problems, more);
    }
  });
}
