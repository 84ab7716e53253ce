import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { CaseWorkflowClient } from './case-workflow.client';
import { EncryptionCodec } from './encryption-codec';
import { TemporalInspection } from './temporal-inspection';
import { tracingClientInterceptors } from './tracing-interceptors';

export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

export function payloadCodecFrom(config: AppConfig): EncryptionCodec {
  return new EncryptionCodec(config.payloadCodec.keys, config.payloadCodec.activeKeyId);
}

@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: Connection) {}
  async onApplicationShutdown() {
    await this.connection.close();
  }
}

/**
 * Temporal client for the API, the worker (and tools): connection + Client with the encrypting payload codec, the case
 * workflow client and the read-only inspection operations use.
 */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CONNECTION,
      inject: [APP_CONFIG],
      // The client's default retries a refused call 10 times with a growing back-off (about 17 s in all): an API
      // request would wait that long for its 503 while Temporal is down. TEMPORAL_RPC_ATTEMPTS (5: about 1 s) keeps
      // the answer within a few seconds; the caller retries with the same Idempotency-Key.
      useFactory: (config: AppConfig) =>
        Connection.connect({
          address: config.temporal.address,
          interceptors: [
            makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: config.temporal.rpcAttempts })),
          ],
        }),
    },
    {
      provide: Client,
      inject: [TEMPORAL_CONNECTION, APP_CONFIG],
      useFactory: (connection: Connection, config: AppConfig) =>
        new Client({
          connection,
          namespace: config.temporal.namespace,
          dataConverter: { payloadCodecs: [payloadCodecFrom(config)] },
          interceptors: tracingClientInterceptors(),
        }),
    },
    TemporalConnectionCloser,
    CaseWorkflowClient,
    TemporalInspection,
  ],
  exports: [Client, TEMPORAL_CONNECTION, CaseWorkflowClient, TemporalInspection],
})
export class TemporalClientModule {}
