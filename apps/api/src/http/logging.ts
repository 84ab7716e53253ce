import { APP_CONFIG, AppConfig } from '@avrr/config';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';

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
];

/** pino request logging: JSON lines, a request id (from X-Request-Id or new), ids only. */
export const loggingModule = LoggerModule.forRootAsync({
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => ({
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
    },
  }),
});
