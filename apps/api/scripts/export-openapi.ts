import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RootModule } from '../src/bootstrap';
import { buildOpenApiDocument, stableDocument } from '../src/openapi';

/**
 * Writes the API's OpenAPI document without a running stack: Nest's preview mode builds the module graph without
 * instantiating a provider, so nothing connects to PostgreSQL, Redis or Temporal. The document is the one /docs serves.
 * Usage: node dist/apps/api/scripts/export-openapi.js [out.json] (default apps/web/src/api/openapi.json).
 * `npm run api:generate` runs it and generates the typed client; `npm run api:check` compares both with the checked-in
 * files.
 */
async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? 'apps/web/src/api/openapi.json');
  const app = await NestFactory.create<NestFastifyApplication>(RootModule, new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const doc = stableDocument(buildOpenApiDocument(app));
  await app.close();
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`OpenAPI document written to ${path.relative(process.cwd(), out)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
