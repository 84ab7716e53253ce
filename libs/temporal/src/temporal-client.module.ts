import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
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
      useFactory: (config: AppConfig) => Connection.connect({ address: config.temporal.address }),
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
