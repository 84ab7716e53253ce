/**
 * The bare arms' worker, a process of its own so that its CPU time is measured apart from the case worker's
 * (bench/cases.bench.ts spawns it). Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, BENCH_BARE_TASK_QUEUE, DB_* (the
 * "bare + PostgreSQL" arm's rows go to the bench database), and BENCH_BARE_CODEC=1 to use the engine's payload codec
 * (PAYLOAD_ENCRYPTION_KEYS / _KEY_ID, or the dev key).
 */
import { Context } from '@temporalio/activity';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import { loadConfig } from '../../libs/config/src/app-config';
import { EncryptionCodec } from '../../libs/temporal/src/encryption-codec';
import { CREATE_AUDIT_ROW_TABLE, rowOverheadBytes, writeAuditRow } from './audit-row';
import type { BareActivities } from './bare.workflow';

async function main() {
  const config = loadConfig();
  const taskQueue = process.env.BENCH_BARE_TASK_QUEUE;
  if (!taskQueue) throw new Error('BENCH_BARE_TASK_QUEUE is not set');
  Runtime.install({ logger: new DefaultLogger('WARN') }); // SIGINT/SIGTERM: the worker shuts down gracefully
  // As many connections as the case worker's and API's TypeORM pools have by default (pg's default, 10).
  const pool = new Pool({
    host: config.db.host,
    port: config.db.port,
    user: config.db.user,
    password: config.db.password,
    database: config.db.database,
    max: 10,
  });
  await pool.query(CREATE_AUDIT_ROW_TABLE);
  const overheads = new Map<number, number>(); // by workflow id length (the ids are all alike)
  const activities: BareActivities = {
    noop: async () => undefined,
    writeAuditRow: async ({ n, bytes }) => {
      const workflowId = Context.current().info.workflowExecution?.workflowId;
      if (!workflowId) throw new Error('writeAuditRow runs only in a workflow');
      let overhead = overheads.get(workflowId.length);
      if (overhead === undefined) {
        overhead = await rowOverheadBytes(pool, workflowId);
        overheads.set(workflowId.length, overhead);
      }
      await writeAuditRow(pool, workflowId, n, bytes, overhead);
    },
  };
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath: require.resolve('./bare.workflow'),
    activities,
    ...(process.env.BENCH_BARE_CODEC === '1'
      ? {
          dataConverter: {
            payloadCodecs: [new EncryptionCodec(config.payloadCodec.keys, config.payloadCodec.activeKeyId)],
          },
        }
      : {}),
  });
  console.log(`bare worker ready on task queue ${taskQueue}`);
  await worker.run();
  await connection.close();
  await pool.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
