import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Response } from './stack';

/** The checked-in OpenAPI document (what the console's typed client is generated from). */
export const OPENAPI_FILE = path.resolve('apps/web/src/api/openapi.json');

type Json = Record<string, any>;
const DOC_ID = 'openapi.json';

/**
 * OpenAPI 3.0 schema -> JSON Schema for ajv: `nullable` becomes a null alternative, `$ref`s point into the document
 * (registered under DOC_ID), and the annotations ajv does not know are dropped (`discriminator` too: `oneOf` already
 * says it, each branch fixing `type` to one value).
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, discriminator: _d, example: _e, examples: _x, xml: _m, externalDocs: _o, ...rest } = schema as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) out.$ref = `${DOC_ID}${value}`;
    else if (key === 'properties' || key === 'patternProperties')
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, toJsonSchema(v)]));
    else out[key] = toJsonSchema(value);
  }
  if (nullable !== true) return out;
  if (typeof out.type === 'string' && !out.$ref && !out.allOf && !out.oneOf && !out.anyOf) {
    return { ...out, type: [out.type, 'null'], ...(out.enum ? { enum: [...(out.enum as unknown[]), null] } : {}) };
  }
  return { anyOf: [out, { type: 'null' }] };
}

export interface Operation {
  method: string;
  path: string;
  operation: Json;
}

/** Validates requests and real responses against the OpenAPI document, by operationId and status. */
export class OpenApiContract {
  readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly doc: Json) {
    this.ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOC_ID, components: toJsonSchema(doc.components) as Json });
  }

  static load(file = OPENAPI_FILE): OpenApiContract {
    return new OpenApiContract(JSON.parse(readFileSync(file, 'utf8')) as Json);
  }

  /** Every operation of the document. */
  operations(): Operation[] {
    return Object.entries(this.doc.paths as Json).flatMap(([p, item]) =>
      Object.entries(item as Json)
        .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
        .map(([method, operation]) => ({ method, path: p, operation: operation as Json })),
    );
  }

  operation(operationId: string): Operation {
    const found = this.operations().find((o) => o.operation.operationId === operationId);
    if (!found) throw new Error(`no operation ${operationId} in the OpenAPI document`);
    return found;
  }

  /** A validator for a schema of the document: `#/components/schemas/X`, or an inline schema. */
  validator(schema: Json): ValidateFunction {
    const key = JSON.stringify(schema);
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(toJsonSchema(schema) as Json);
      this.compiled.set(key, fn);
    }
    return fn;
  }

  component(name: string): ValidateFunction {
    if (!this.doc.components?.schemas?.[name]) throw new Error(`no schema ${name} in the OpenAPI document`);
    return this.validator({ $ref: `#/components/schemas/${name}` });
  }

  requestSchema(operationId: string): Json {
    const schema = this.operation(operationId).operation.requestBody?.content?.['application/json']?.schema as
      Json | undefined;
    if (!schema) throw new Error(`${operationId} declares no JSON request body`);
    return schema;
  }

  responseSchema(operationId: string, status: number): Json {
    const { operation, method, path: p } = this.operation(operationId);
    const declared = operation.responses?.[String(status)] as Json | undefined;
    if (!declared)
      throw new Error(
        `${operationId} (${method.toUpperCase()} ${p}) answered ${status}, a status the document does not declare ` +
          `(declared: ${Object.keys(operation.responses ?? {}).join(', ')})`,
      );
    const schema = declared.content?.['application/json']?.schema as Json | undefined;
    if (!schema) throw new Error(`${operationId} ${status} declares no JSON body`);
    return schema;
  }

  /** Throws, with ajv's errors, unless `body` is valid against the operation's request body schema. */
  expectValidRequest(operationId: string, body: unknown): void {
    const fn = this.validator(this.requestSchema(operationId));
    if (!fn(body)) throw new Error(`${operationId} request body does not match the document:\n${describe(fn.errors)}`);
  }

  /**
   * Throws unless the real response's status is declared for the operation and its body matches the schema the
   * document declares for that status, with ajv's errors and the start of the body. Returns the response.
   */
  expectValidResponse<T extends Response>(operationId: string, res: T): T {
    const fn = this.validator(this.responseSchema(operationId, res.status));
    if (!fn(res.body)) {
      throw new Error(
        `${operationId} ${res.status} response does not match the document:\n${describe(fn.errors)}\n` +
          `body: ${JSON.stringify(res.body).slice(0, 2000)}`,
      );
    }
    return res;
  }

  /** The `oneOf` branches (their $refs) of a component schema that `value` is valid against. */
  matchingBranches(component: string, value: unknown): string[] {
    const branches = (this.doc.components.schemas[component]?.oneOf ?? []) as Json[];
    if (!branches.length) throw new Error(`${component} has no oneOf`);
    return branches.filter((b) => this.validator(b)(value)).map((b) => String(b.$ref));
  }
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 30)
    .map((e) => `  ${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}
