import './tracing';
import 'reflect-metadata';
import { loadConfig } from '@avrr/config';
import { createApi } from './bootstrap';

async function main() {
  const config = loadConfig();
  const app = await createApi(config.http.bodyLimitBytes, config.http);
  await app.listen({ port: config.http.port, host: config.http.host });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
