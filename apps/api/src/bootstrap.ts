
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { loggingModule } from './http/logging';
import { validationPipe } from './http/validation';

@Module({ imports: [loggingModule, AppModule] })
class RootModule {}

/** Builds the API (used by main.ts and the e2e tests): Fastify, validation, errors, OpenAPI at /docs. */
export async function createApi(bodyLimit?: number): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: bodyLimit ?? 1024 * 1024,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(RootModule, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  const doc = SwaggerModule.createDocument(app, new DocumentBuilder()
    .setTitle('AVRR workflow engine API')
    .setDescription('Assisted voluntary return and reintegration: cases, commands and their audit trail. '
      + 'Every error is { statusCode, code, message, details?, requestId }.')
    .setVersion('0.1.0').addBearerAuth().build());
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
