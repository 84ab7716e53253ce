// @avrr/temporal's index loads Nest (ESM, which Jest cannot load); this spec needs only its pure poller rule.
jest.mock('@avrr/temporal', () => jest.requireActual('../../../../libs/temporal/src/workflow-inspection'));
import { engineHealth, POLLER_FRESH_MS } from './engine-health';

describe('engineHealth', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  const scanned = new Date(now - 60_000).toISOString();

  it('should raise nothing when workers poll and the monitor scanned recently', () => {
    const h = engineHealth(
      'avrr',
      { workflowPollers: [now - 5_000], activityPollers: [now - 70_000] },
      scanned,
      now,
      300,
    );
    expect(h).toEqual({
      taskQueue: 'avrr',
      workflowPollers: 1,
      activityPollers: 1,
      monitorLastScanAt: scanned,
      alerts: [],
    });
  });

  it('should say no worker polls when the only pollers were last seen too long ago', () => {
    const gone = now - POLLER_FRESH_MS - 1;
    const h = engineHealth('avrr', { workflowPollers: [gone], activityPollers: [gone] }, scanned, now, 300);
    expect(h.workflowPollers).toBe(0);
    expect(h.alerts).toEqual([
      expect.objectContaining({
        reason: 'NO_WORKER_POLLING',
        since: new Date(gone).toISOString(),
        suggestedAction: expect.stringContaining('avrr'),
      }),
    ]);
  });

  it('should say no worker polls activities even when workflow tasks are polled', () => {
    const h = engineHealth('avrr', { workflowPollers: [now], activityPollers: [] }, scanned, now, 300);
    expect(h.alerts.map((a) => a.reason)).toEqual(['NO_WORKER_POLLING']);
    expect(h.alerts[0].since).toBeUndefined();
  });

  it('should call the stuck list stale after two missed scans, or when there never was one', () => {
    const polling = { workflowPollers: [now], activityPollers: [now] };
    expect(engineHealth('avrr', polling, new Date(now - 659_000).toISOString(), now, 300).alerts).toEqual([]);
    expect(
      engineHealth('avrr', polling, new Date(now - 661_000).toISOString(), now, 300).alerts.map((a) => a.reason),
    ).toEqual(['MONITOR_STALE']);
    expect(engineHealth('avrr', polling, null, now, 300).alerts.map((a) => a.reason)).toEqual(['MONITOR_STALE']);
  });

  it('should report Temporal unreachable without poller counts', () => {
    const h = engineHealth('avrr', { error: 'connect ECONNREFUSED 127.0.0.1:7233' }, scanned, now, 300);
    expect(h.workflowPollers).toBeNull();
    expect(h.alerts.map((a) => a.reason)).toEqual(['TEMPORAL_UNREACHABLE']);
  });
});
