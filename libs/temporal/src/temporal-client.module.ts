import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { Pool } from 'pg';
import { CaseKeyring } from './case-keyring';
import { CaseWorkflowClient } from './case-workflow.client';
import { EncryptionCodec } from './encryption-codec';
import { TemporalInspection } from './temporal-inspection';
import { tracingClientInterceptors } from './tracing-interceptors';

export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

export function payloadCodecFrom(config: AppConfig, keyring?: CaseKeyring): EncryptionCodec {
  return new EncryptionCodec(
    config.payloadCodec.keys,
    config.payloadCodec.activeKeyId,
    keyring,
    config.payloadCodec.caseKeys !== false,
  );
}

/** The pool of the case keyring: a small one of its own, so a busy read model never starves the payload codec. */
export const CASE_KEY_POOL = Symbol('CASE_KEY_POOL');

/** The per-case data keys of the payload codec (crypto-shredding at retention), over `pool`. */
export function caseKeyringFrom(config: AppConfig, pool: Pick<Pool, 'query'>, cacheMs = 60_000): CaseKeyring {
  return new CaseKeyring(
    config.payloadCodec.keys,
    config.payloadCodec.activeKeyId,
    async (sql, params) => (await pool.query(sql, params)).rows,
    cacheMs,
  );
}

@Injectable()
class CaseKeyPoolCloser implements OnApplicationShutdown {
  constructor(@Inject(CASE_KEY_POOL) private readonly pool: Pool) {}
  async onApplicationShutdown() {
    await this.pool.end().catch(() => undefined);
  }
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
      provide: CASE_KEY_POOL,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const pool = new Pool({
          host: config.db.host,
          port: config.db.port,
          user: config.db.user,
          password: config.db.password,
          database: config.db.database,
          max: 4,
          connectionTimeoutMillis: config.db.connectTimeoutMs,
        });
        // An idle connection the server drops (a restart, an outage) is an 'error' event on the pool: unheard, it
        // would end the process. The next key lookup opens a new connection, or fails that one payload with a retry.
        pool.on('error', (err) => new Logger('CaseKeyPool').warn(`idle connection lost: ${err.message}`));
        return pool;
      },
    },
    CaseKeyPoolCloser,
    {
      provide: CaseKeyring,
      inject: [APP_CONFIG, CASE_KEY_POOL],
      useFactory: (config: AppConfig, pool: Pool) => caseKeyringFrom(config, pool),
    },
    {
      provide: Client,
      inject: [TEMPORAL_CONNECTION, APP_CONFIG, CaseKeyring],
      useFactory: (connection: Connection, config: AppConfig, keyring: CaseKeyring) =>
        new Client({
          connection,
          namespace: config.temporal.namespace,
          dataConverter: { payloadCodecs: [payloadCodecFrom(config, keyring)] },
          interceptors: tracingClientInterceptors(),
        }),
    },
    TemporalConnectionCloser,
    CaseWorkflowClient,
    TemporalInspection,
  ],
  exports: [Client, TEMPORAL_CONNECTION, CaseWorkflowClient, TemporalInspection, CaseKeyring],
})
export class TemporalClientModule {}
