import { liftedHoldPeriods, type HoldEventFact } from './hold-periods';

const placed = (hold: HoldEventFact['hold'], at: string, memberId?: string): HoldEventFact => ({
  type: 'HoldPlaced',
  hold,
  effectiveAt: at,
  ...(memberId ? { memberId } : {}),
});
const lifted = (hold: HoldEventFact['hold'], at: string, memberId?: string): HoldEventFact => ({
  type: 'HoldLifted',
  hold,
  effectiveAt: at,
  ...(memberId ? { memberId } : {}),
});

describe('hold periods', () => {
  it('should pair each placement with its lifting, per hold and member', () => {
    expect(
      liftedHoldPeriods([
        placed('MEDICAL_UNFIT', '2026-01-01T00:00:00Z', 'm1'),
        placed('MEDICAL_UNFIT', '2026-01-02T00:00:00Z', 'm2'),
        lifted('MEDICAL_UNFIT', '2026-01-05T00:00:00Z', 'm2'),
        placed('BENEFICIARY_PAUSE', '2026-01-06T00:00:00Z'),
        lifted('BENEFICIARY_PAUSE', '2026-01-07T00:00:00Z'),
        lifted('MEDICAL_UNFIT', '2026-01-08T00:00:00Z', 'm1'),
      ]),
    ).toEqual([
      { type: 'MEDICAL_UNFIT', from: '2026-01-02T00:00:00Z', to: '2026-01-05T00:00:00Z' },
      { type: 'BENEFICIARY_PAUSE', from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' },
      { type: 'MEDICAL_UNFIT', from: '2026-01-01T00:00:00Z', to: '2026-01-08T00:00:00Z' },
    ]);
  });

  it('should leave out holds still active, liftings without a placement, and not restart an active hold', () => {
    expect(
      liftedHoldPeriods([
        lifted('CONTACT_LOST', '2026-01-01T00:00:00Z'),
        placed('CONTACT_LOST', '2026-01-02T00:00:00Z'),
        placed('CONTACT_LOST', '2026-01-03T00:00:00Z'),
        lifted('CONTACT_LOST', '2026-01-04T00:00:00Z'),
        placed('COO_SECURITY', '2026-01-05T00:00:00Z'),
      ]),
    ).toEqual([{ type: 'CONTACT_LOST', from: '2026-01-02T00:00:00Z', to: '2026-01-04T00:00:00Z' }]);
  });
});
