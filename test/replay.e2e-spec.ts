import { bundleWorkflowCode, DefaultLogger, ReplayResult, Runtime, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../libs/config/src/app-config';
import { EncryptionCodec } from '../libs/temporal/src/encryption-codec';
import { workflowBundlerOptions } from '../libs/temporal/src/workflow-bundler-options';
import { historyFromJson } from './helpers/journey';

/**
 * Replays every recorded case workflow history (test/fixtures/histories/*.json, saved by the journeys with
 * RECORD_HISTORIES=1) against the current workflow code, so a non-deterministic change to workflows/ fails the build
 * (ARCHITECTURE.md "Long-lived workflows"). The histories carry encrypted payloads: the replay decodes them with the
 * development key, the one the fixtures were recorded with.
 */
const HISTORIES_DIR = path.resolve('test/fixtures/histories');
const fixtures = readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const MIN_FIXTURES = 6;

function load(file: string) {
  return historyFromJson(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
}

/** A copy of a history whose first activity is recorded under another name: replaying it must be a determinism error. */
function tampered(file: string) {
  const json = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
  const scheduled = json.events.find((e: any) => e.activityTaskScheduledEventAttributes);
  if (!scheduled) throw new Error(`${file} schedules no activity`);
  scheduled.activityTaskScheduledEventAttributes.activityType.name = 'renamedActivity';
  return historyFromJson(json);
}

describe('replay of recorded case workflow histories', () => {
  const results = new Map<string, ReplayResult>();
  const TAMPERED = 'tampered:first-activity-renamed';

  beforeAll(async () => {
    const logger = new DefaultLogger('ERROR');
    Runtime.install({ logger });
    // The fixtures were recorded with the development payload key (loadConfig without PAYLOAD_ENCRYPTION_KEYS); keys
    // the run's environment configures are there too, under their own ids.
    const keys = { ...loadConfig().payloadCodec.keys, ...loadConfig({}).payloadCodec.keys };
    // Bundled once for every history (STYLE.md §13).
    const bundle = await bundleWorkflowCode({
      workflowsPath: path.resolve('workflows/index.ts'),
      logger,
      ...workflowBundlerOptions,
    });
    const histories = [
      ...fixtures.map((file) => ({ workflowId: file, history: load(file) })),
      ...(fixtures.length ? [{ workflowId: TAMPERED, history: tampered(fixtures[0]) }] : []),
    ];
    const replay = Worker.runReplayHistories(
      {
        workflowBundle: bundle,
        dataConverter: { payloadCodecs: [new EncryptionCodec(keys, loadConfig({}).payloadCodec.activeKeyId)] },
        replayName: 'avrr-replay',
      },
      histories,
    );
    for await (const result of replay) results.set(result.workflowId, result);
  }, 180_000);

  it(`should have at least ${MIN_FIXTURES} recorded histories (record them with RECORD_HISTORIES=1 and the journeys)`, () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(MIN_FIXTURES);
  });

  // it.each refuses an empty table: without fixtures only the count test above runs (and fails).
  (fixtures.length ? it.each(fixtures) : it.skip.each(['(no fixtures)']))(
    'should replay %s without a determinism error',
    (file) => {
      const result = results.get(file);
      expect(result).toBeDefined();
      expect(result?.error).toBeUndefined();
    },
  );

  it('should cover the three projection paths: regular activity, local activity, and after the commit (by the caller)', () => {
    const paths = fixtures.map((file) => {
      const events = load(file).events ?? [];
      const updates = events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes).length;
      const projections = events.filter(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'projectCase',
      ).length;
      return {
        regular: projections > 0,
        local: events.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity'),
        // Patch 'projection-after-commit': Updates complete with no projection in their task; only deadlines schedule one.
        afterCommit: updates > 0 && projections < updates && file.endsWith('.projection-after-commit.json'),
      };
    });
    expect(paths.some((p) => p.regular && !p.local && !p.afterCommit)).toBe(true);
    expect(paths.some((p) => p.local && !p.regular)).toBe(true);
    expect(paths.some((p) => p.afterCommit && !p.local)).toBe(true);
  });

  it('should cover both waits of a closed case: from its last change, and from its closure (patch reopen-window-from-closure)', () => {
    const patches = (file: string): string[] => {
      const json = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
      return json.events.flatMap((e: any) =>
        e.markerRecordedEventAttributes?.markerName === 'core_patch'
          ? e.markerRecordedEventAttributes.details['patch-data'].payloads.map(
              (p: any) => JSON.parse(Buffer.from(p.data, 'base64').toString()).id,
            )
          : [],
      );
    };
    const closed = fixtures.filter((file) => file.startsWith('reintegration-business-plan-completed'));
    expect(closed.some((file) => !patches(file).includes('reopen-window-from-closure'))).toBe(true);
    expect(closed.some((file) => patches(file).includes('reopen-window-from-closure'))).toBe(true);
  });

  it('should report a determinism error for a history the current code would not produce', () => {
    const result = results.get(TAMPERED);
    expect(result).toBeDefined();
    expect(result?.error).toBeDefined();
    expect(result?.error?.name).toBe('DeterminismViolationError');
    expect(result?.error?.message).toMatch(/renamedActivity/);
  });
});
