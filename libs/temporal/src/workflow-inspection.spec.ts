import { freshPollers, POLLER_FRESH_MS } from './workflow-inspection';

describe('freshPollers', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');

  it('should count a poller seen within the freshness window, each kind apart', () => {
    expect(
      freshPollers({ workflowPollers: [now - 5_000, now - POLLER_FRESH_MS], activityPollers: [now - 70_000] }, now),
    ).toEqual({ workflow: 2, activity: 1 });
  });

  it('should not count a poller last seen longer ago, nor one listed without a time', () => {
    expect(freshPollers({ workflowPollers: [now - POLLER_FRESH_MS - 1, 0], activityPollers: [] }, now)).toEqual({
      workflow: 0,
      activity: 0,
    });
  });

  it('should keep an idle worker (re-listed about once a minute) counted between two long polls', () => {
    expect(POLLER_FRESH_MS).toBeGreaterThan(70_000);
  });
});
