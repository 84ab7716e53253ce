import { SESSION_COOKIE } from '@avrr/auth';
import { COMMAND_TYPES } from '@avrr/domain';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, type SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { COMMAND_PAYLOADS } from './cases/dto/commands';

/**
 * The OpenAPI document of the API, built from the controllers' decorators: served at /docs by the running API, and
 * exported without a running stack (scripts/export-openapi.ts) to apps/web/src/api/openapi.json, from which the
 * console's typed client is generated. One function, so the two never differ.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('AVRR workflow engine API')
      .setDescription(
        'Assisted voluntary return and reintegration: cases, commands and their audit trail. ' +
          'Every error is ErrorResponse { statusCode, code, message, details?, requestId }; clients translate from ' +
          '`code`. Responses are shaped per role by the disclosure policy: fields a role may not see are absent, and ' +
          'a code it may not see is WITHHELD.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .addCookieAuth(SESSION_COOKIE)
      .build(),
  );
  discriminateCommands(doc);
  return doc;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * The command body as a discriminated union on `type`: one schema per command type, `{ type: <that type>,
 * expectedVersion, effectiveAt?, payload: <Type>Payload }`, so a body matches exactly one branch and a generated client
 * narrows the payload by `type`. Decorators cannot say this (the payload class depends on the value of `type`), so the
 * document is completed here from the same table the API validates with (COMMAND_PAYLOADS). Payloads, like the
 * envelope, accept no other field (the API validates them with forbidNonWhitelisted): a payload without fields is
 * an empty object, not "anything".
 */
function discriminateCommands(doc: OpenAPIObject): void {
  const schemas = (doc.components ??= {}).schemas ?? {};
  const envelope = schemas.CaseCommandRequest as SchemaObject | undefined;
  if (!envelope?.properties) throw new Error('CaseCommandRequest is not in the document');
  const { expectedVersion, effectiveAt } = envelope.properties;
  const mapping: Record<string, string> = {};
  for (const type of COMMAND_TYPES) {
    const payloadName = COMMAND_PAYLOADS[type].name;
    const payload = schemas[payloadName] as SchemaObject | undefined;
    if (!payload) throw new Error(`${payloadName} is not in the document`);
    payload.type = 'object';
    payload.properties ??= {};
    payload.additionalProperties = false;
    const name = `${type}Command`;
    schemas[name] = {
      type: 'object',
      description: `The ${type} command`,
      properties: {
        type: { type: 'string', enum: [type] },
        expectedVersion,
        effectiveAt,
        payload: ref(payloadName),
      },
      required: ['type', 'expectedVersion', 'payload'],
      additionalProperties: false,
    };
    mapping[type] = ref(name).$ref;
  }
  schemas.CaseCommandRequest = {
    description:
      'A command, discriminated by `type`: `payload` carries the fields of that command type; `expectedVersion` is ' +
      'the case version you saw; `effectiveAt` when the fact happened (defaults to now).',
    oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
    discriminator: { propertyName: 'type', mapping },
  };
  doc.components.schemas = schemas;
}

/** Maps sorted by key (paths, schemas), so the exported file changes only where the API changes. */
export function stableDocument(doc: OpenAPIObject): OpenAPIObject {
  const sorted = <T>(o: Record<string, T>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    ...doc,
    paths: sorted(doc.paths),
    components: { ...doc.components, schemas: sorted(doc.components?.schemas ?? {}) },
  };
}
