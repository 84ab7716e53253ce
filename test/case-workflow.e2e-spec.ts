import type { CaseChange, CaseView } from '../libs/domain/src';
import { defaultDomainConfig } from '../libs/domain/src/config';
import { adult, counselling, opening, officer } from '../libs/domain/src/test-fixtures';
import { Client, Connection, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { loadConfig } from '../libs/config/src/app-config';
import { EncryptionCodec } from '../libs/temporal/src/encryption-codec';
import { workflowBundlerOptions } from '../libs/temporal/src/workflow-bundler-options';
import type { CaseActivities } from '../workflows/case/case.activities';
import { applyCommandUpdate, caseViewQuery, openCaseUpdate } from '../workflows/case/case.contract';
import { caseWorkflow } from '../workflows/case/case.workflow';

/** The case workflow on the real dev server with fake activities: versions, idempotency, where projection happens, continue-as-new. */
describe('caseWorkflow', () => {
  const config = loadConfig();
  const codec = new EncryptionCodec(config.payloadCodec.keys, config.payloadCodec.activeKeyId);
  /** What the workflow itself projected: only changes it makes by itself (deadlines), never an Update's result. */
  const projected: { caseId: string; version: number; local: boolean }[] = [];
  const acts: CaseActivities = {
    projectCase: async ({ view, change }: { view: CaseView; change: CaseChange }) => {
      projected.push({ caseId: view.caseId, version: change.version, local: Context.current().info.isLocal });
    },
    openSplitCase: async () => undefined,
  };
  let client: Client;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `wf-test-${randomUUID()}`;

  beforeAll(async () => {
    connection = await Connection.connect({ address: config.temporal.address });
    client = new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: { payloadCodecs: [codec] },
    });
    nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: path.resolve('workflows/index.ts'),
      ...workflowBundlerOptions,
      logger: undefined,
    });
    worker = await Worker.create({
      connection: nativeConnection,
      namespace: config.temporal.namespace,
      taskQueue,
      workflowBundle,
      activities: acts,
      dataConverter: { payloadCodecs: [codec] },
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await nativeConnection?.close();
    await connection?.close();
  });

  it('should keep its type name stable (it is stored in every history)', () => {
    expect(caseWorkflow.name).toBe('caseWorkflow');
  });

  async function openCase(continueAsNewAfterEvents?: number) {
    const caseId = randomUUID();
    const opened = opening([adult('m1')], { caseId, openedAt: new Date().toISOString() });
    const start = new WithStartWorkflowOperation(caseWorkflow, {
      workflowId: caseId,
      taskQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [{ caseId, config: defaultDomainConfig, continueAsNewAfterEvents }],
    });
    const result = await client.workflow.executeUpdateWithStart(openCaseUpdate, {
      args: [{ opened, actor: officer }],
      startWorkflowOperation: start,
    });
    return { caseId, handle: client.workflow.getHandle(caseId), result };
  }
  const session = (version: number, commandId = randomUUID()) => ({
    meta: { commandId, actor: officer, expectedVersion: version, effectiveAt: new Date().toISOString() },
    command: counselling,
  });

  it('should reject a stale version before it reaches history and leave the case unchanged', async () => {
    const { caseId, handle } = await openCase();
    const err = await handle.executeUpdate(applyCommandUpdate, { args: [session(7)] }).catch((e) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err.cause as ApplicationFailure).type).toBe('STALE_VERSION');
    expect((await handle.query(caseViewQuery))!.version).toBe(1);
    const history = await handle.fetchHistory();
    expect(history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1); // only the opening
    expect(projected.filter((p) => p.caseId === caseId)).toEqual([]); // an Update's result is projected by its caller
  });

  it('should apply a command once when the same update id is sent twice', async () => {
    const { caseId, handle } = await openCase();
    const envelope = session(1);
    const a = await handle.executeUpdate(applyCommandUpdate, { args: [envelope], updateId: envelope.meta.commandId });
    const b = await handle.executeUpdate(applyCommandUpdate, { args: [envelope], updateId: envelope.meta.commandId });
    expect(a.view.version).toBe(2);
    expect(b).toEqual(a); // the same committed result, so the same projection
    expect(a.change?.version).toBe(2);
    expect(projected.filter((p) => p.caseId === caseId)).toEqual([]);
  });

  it("should project nothing from inside the workflow task of an Update: its result, once committed, is the caller's to project", async () => {
    const { caseId, handle, result: opened } = await openCase();
    expect(opened.change).toMatchObject({ version: 1, commandType: 'CaseOpened', commandId: `open:${caseId}` });
    const envelope = session(1);
    const result = await handle.executeUpdate(applyCommandUpdate, {
      args: [envelope],
      updateId: envelope.meta.commandId,
    });
    expect(result.change).toMatchObject({
      version: 2,
      commandId: envelope.meta.commandId,
      commandType: 'RecordCounsellingSession',
    });
    const events = (await handle.fetchHistory()).events!;
    // Neither a local activity (it would run before Temporal commits the task) nor a regular one for an Update.
    expect(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toEqual([]);
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    expect(projected.filter((p) => p.caseId === caseId)).toEqual([]);
  });

  it('should continue as new with its whole state and still dedupe commands across runs', async () => {
    const { caseId, handle } = await openCase(40);
    let version = 1;
    const commandIds: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const envelope = session(version);
      commandIds.push(envelope.meta.commandId);
      version = (
        await handle.executeUpdate(applyCommandUpdate, { args: [envelope], updateId: envelope.meta.commandId })
      ).view.version;
    }
    expect(version).toBe(13);
    const firstRun = await client.workflow.getHandle(caseId).describe();
    const runs = client.workflow.list({ query: `WorkflowId = '${caseId}'` });
    let count = 0;
    for await (const _ of runs) count += 1;
    expect(count).toBeGreaterThan(1); // at least one continue-as-new happened
    expect(firstRun.status.name).toBe('RUNNING');
    const view = await handle.query(caseViewQuery);
    expect(view).toMatchObject({ caseId, version: 13, stage: 'COUNSELLING' });
    // A retry of a command applied in an earlier run is recognised from the carried state: nothing new happens.
    const retried = await handle.executeUpdate(applyCommandUpdate, {
      args: [{ ...session(13), meta: { ...session(13).meta, commandId: commandIds[11] } }],
    });
    expect(retried.view.version).toBe(13);
    expect(retried.change).toBeNull(); // nothing new to project
  });
});
