/**
 * The bare arm's worker, a process of its own so that its CPU time is measured apart from the case worker's
 * (bench/cases.bench.ts spawns it). Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, BENCH_BARE_TASK_QUEUE, and
 * BENCH_BARE_CODEC=1 to use the engine's payload codec (PAYLOAD_ENCRYPTION_KEYS / _KEY_ID, or the dev key).
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfig } from '../../libs/config/src/app-config';
import { EncryptionCodec } from '../../libs/temporal/src/encryption-codec';
import type { BareActivities } from './bare.workflow';

async function main() {
  const config = loadConfig();
  const taskQueue = process.env.BENCH_BARE_TASK_QUEUE;
  if (!taskQueue) throw new Error('BENCH_BARE_TASK_QUEUE is not set');
  Runtime.install({ logger: new DefaultLogger('WARN') });        // SIGINT/SIGTERM: the worker shuts down gracefully
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const activities: BareActivities = { noop: async () => undefined };
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath: require.resolve('./bare.workflow'),
    activities,
    ...(process.env.BENCH_BARE_CODEC === '1'
      ? { dataConverter: { payloadCodecs: [new EncryptionCodec(config.payloadCodec.keys, config.payloadCodec.activeKeyId)] } }
      : {}),
  });
  console.log(`bare worker ready on task queue ${taskQueue}`);
  await worker.run();
  await connection.close();
}

main().catch((err) => { console.error(err); process.exit(1); });
