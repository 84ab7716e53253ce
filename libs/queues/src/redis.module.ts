import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

export const REDIS = Symbol('REDIS');

export function redisOptions(config: AppConfig) {
  // BullMQ workers need maxRetriesPerRequest: null; the key prefix isolates deployments and test runs.
  return {
    host: config.redis.host,
    port: config.redis.port,
    db: config.redis.db,
    maxRetriesPerRequest: null,
    lazyConnect: false,
  };
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    { provide: REDIS, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new Redis(redisOptions(c)) },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
