import { startTracing } from '@avrr/observability';

// Before anything loads `http` or `pg`: main.ts imports this first (see startTracing). Off without an OTLP endpoint.
startTracing('avrr-api');
