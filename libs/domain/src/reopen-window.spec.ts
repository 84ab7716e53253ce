import { reopenWindowAnchor, reopenWindowEndsAt, withinReopenWindow } from './reopen-window';
import { blankState, type CaseState } from './state';

const config = { reopenWindowDays: 365 };

function ended(patch: Partial<CaseState>): CaseState {
  return { ...blankState(), stageEnteredAt: '2025-01-01T09:00:00.000Z', ...patch };
}

describe('re-open window', () => {
  it('should have no window while the case is in progress', () => {
    const sut = ended({ stage: 'BOOKED' });
    expect([
      reopenWindowAnchor(sut),
      reopenWindowEndsAt(sut, config),
      withinReopenWindow(sut, '2025-01-02T00:00:00.000Z', config),
    ]).toEqual([undefined, undefined, false]);
  });

  it.each([
    ['WITHDRAWN', { withdrawal: { effectiveAt: '2025-03-10T22:30:00.000Z', fromStage: 'BOOKED' as const } }],
    [
      'CANCELLED',
      {
        cancellation: {
          effectiveAt: '2025-03-10T22:30:00.000Z',
          reasonCode: 'FUNDING' as const,
          fromStage: 'BOOKED' as const,
        },
      },
    ],
    ['CLOSED', { closedAt: '2025-03-10T22:30:00.000Z' }],
  ] as const)(
    'should count a %s case from the effective time it ended, to the end of the last calendar day',
    (stage, patch) => {
      const sut = ended({ stage, ...patch, updatedAt: '2025-06-01T00:00:00.000Z' });
      expect(reopenWindowAnchor(sut)).toBe('2025-03-10T22:30:00.000Z');
      expect(reopenWindowEndsAt(sut, config)).toBe('2026-03-11T00:00:00.000Z');
      expect(withinReopenWindow(sut, '2026-03-10T23:59:59.999Z', config)).toBe(true);
      expect(withinReopenWindow(sut, '2026-03-11T00:00:00.000Z', config)).toBe(false);
    },
  );
});
