import { evolve, type CaseEvent, type CaseState } from './index';
import { T0, statesByStage } from './test-fixtures';

const stages = statesByStage();
const t = { effectiveAt: '2025-02-27T10:00:00.000Z', recordedAt: T0 };

type Row = [string, CaseState, CaseEvent, (s: CaseState) => void];

const rows: Row[] = [
  [
    'StageChanged moves the stage and stamps the effective entry time',
    stages.SCREENING!,
    { type: 'StageChanged', from: 'SCREENING', to: 'APPROVED', ...t },
    (s) => {
      expect(s.stage).toBe('APPROVED');
      expect(s.stageEnteredAt).toBe(t.effectiveAt);
    },
  ],
  [
    'StageChanged to WITHDRAWN remembers the stage before',
    stages.BOOKED!,
    { type: 'StageChanged', from: 'BOOKED', to: 'WITHDRAWN', ...t },
    (s) => {
      expect(s.previousStage).toBe('BOOKED');
    },
  ],
  [
    'CounsellingSessionRecorded keeps effective and recorded time',
    stages.REGISTERED!,
    {
      type: 'CounsellingSessionRecorded',
      language: 'wo',
      interpreterUsed: true,
      mode: 'PHONE',
      topics: ['RETURN'],
      ...t,
    },
    (s) => {
      expect(s.counsellingSessions).toEqual([
        { language: 'wo', interpreterUsed: true, mode: 'PHONE', topics: ['RETURN'], ...t },
      ]);
      expect(s.counsellingSinceReopen).toBe(1);
    },
  ],
  [
    'HoldPlaced twice keeps one hold',
    stages.SCREENING!,
    { type: 'HoldPlaced', hold: 'CONTACT_LOST', placedBy: 'system', ...t },
    (s) => {
      const again = evolve(s, { type: 'HoldPlaced', hold: 'CONTACT_LOST', placedBy: 'system', ...t });
      expect(again.holds).toHaveLength(1);
      expect(again.holds[0]).toMatchObject({ type: 'CONTACT_LOST', placedAt: t.effectiveAt, recordedAt: T0 });
    },
  ],
  [
    'HoldLifted removes only the matching member hold',
    stages.SCREENING!,
    { type: 'HoldPlaced', hold: 'MEDICAL_UNFIT', memberId: 'a1', placedBy: 'medical', ...t },
    (s) => {
      expect(evolve(s, { type: 'HoldLifted', hold: 'MEDICAL_UNFIT', liftedBy: 'medical', ...t }).holds).toHaveLength(1);
      expect(
        evolve(s, { type: 'HoldLifted', hold: 'MEDICAL_UNFIT', memberId: 'a1', liftedBy: 'medical', ...t }).holds,
      ).toHaveLength(0);
    },
  ],
  [
    'AssessmentResultRecorded MEDICAL sets fitness and the medical flag',
    stages.SCREENING!,
    {
      type: 'AssessmentResultRecorded',
      memberId: 'a1',
      assessment: 'MEDICAL',
      outcome: 'FIT_WITH_ESCORT',
      validUntil: '2025-03-06',
      escortRequired: true,
      assessorRole: 'medical',
      ...t,
    },
    (s) => {
      expect(s.members[0]?.fitToTravel).toEqual({ fit: true, validUntil: '2025-03-06', escortRequired: true, ...t });
      expect(s.members[0]?.escortRequired).toBe(true);
      expect(s.members[0]?.vulnerabilities).toContain('MEDICAL');
    },
  ],
  [
    'AssessmentRequired EXPIRED re-opens a completed assessment and keeps history',
    stages.ASSESSMENT!,
    {
      type: 'AssessmentResultRecorded',
      memberId: 'a1',
      assessment: 'VOT_RISK',
      outcome: 'ACCEPTABLE',
      validUntil: '2025-03-31',
      escortRequired: false,
      assessorRole: 'protection',
      ...t,
    },
    (s) => {
      const expired = evolve(s, {
        type: 'AssessmentRequired',
        memberId: 'a1',
        assessment: 'VOT_RISK',
        trigger: 'EXPIRED',
        ...t,
      });
      expect(expired.members[0]?.assessments[0]).toMatchObject({
        status: 'PENDING',
        trigger: 'EXPIRED',
        previousOutcomes: [{ outcome: 'ACCEPTABLE', validUntil: '2025-03-31' }],
      });
    },
  ],
  [
    'DocumentRenewalRequired makes the document unusable',
    stages.READY_FOR_BOOKING!,
    {
      type: 'DocumentRenewalRequired',
      memberId: 'a1',
      documentType: 'LAISSEZ_PASSER',
      expiresOn: '2025-04-01',
      reason: 'EXPIRED',
      ...t,
    },
    (s) => {
      expect(s.members[0]?.documents[0]?.status).toBe('EXPIRED');
    },
  ],
  [
    'BookingCancelled moves the booking to history',
    stages.BOOKED!,
    {
      type: 'BookingCancelled',
      itineraryRef: 'IT-2025-03-10',
      departureDate: '2025-03-10',
      reason: 'HOLD_EXPIRED',
      ...t,
    },
    (s) => {
      expect(s.booking).toBeUndefined();
      expect(s.bookingHistory).toEqual([
        { itineraryRef: 'IT-2025-03-10', departureDate: '2025-03-10', outcome: 'HOLD_EXPIRED', at: t.effectiveAt },
      ]);
    },
  ],
  [
    'NoShowRecorded resets the counselling and review needed for rebooking',
    stages.BOOKED!,
    { type: 'NoShowRecorded', itineraryRef: 'IT', noShowCount: 2, documentsStillValid: true, ...t },
    (s) => {
      expect(s).toMatchObject({ noShowCount: 2, counsellingSinceNoShow: 0, lastNoShowAt: t.effectiveAt });
      expect(s.noShowReview).toBeUndefined();
    },
  ],
  [
    'MembersWithdrawn stops the members travelling',
    stages.SCREENING!,
    {
      type: 'MembersWithdrawn',
      memberIds: ['a1'],
      cancelledDocumentRequests: [],
      cancelledExitAuthorizationRequests: [],
      ...t,
    },
    (s) => {
      expect(s.members[0]).toMatchObject({ withdrawn: true, travelling: false, withdrawnAt: t.effectiveAt });
    },
  ],
  [
    'CaseReopened voids declarations and counts',
    stages.APPROVED!,
    { type: 'CaseReopened', from: 'WITHDRAWN', voidedDeclarations: ['a1'], ...t },
    (s) => {
      expect(s.members[0]?.declaration).toBeNull();
      expect(s.reopenCount).toBe(1);
      expect(s.counsellingSinceReopen).toBe(0);
    },
  ],
  [
    'MemberDied marks the member and drops their holds',
    stages.SCREENING!,
    { type: 'MemberDied', memberId: 'a1', ...t },
    (s) => {
      expect(s.members[0]).toMatchObject({ deceased: true, travelling: false, deceasedAt: t.effectiveAt });
    },
  ],
  [
    'an event about an unknown member changes nothing',
    stages.SCREENING!,
    { type: 'MemberDied', memberId: 'nobody', ...t },
    (s) => {
      expect(s).toEqual(stages.SCREENING);
    },
  ],
];

describe('evolve', () => {
  it.each(rows)('%s', (_name, state, event, check) => {
    const before = JSON.stringify(state);
    const next = evolve(state, event);
    check(next);
    expect(JSON.stringify(state)).toBe(before);
    expect(next.version).toBe(state.version);
  });

  it('should ignore an event type it does not know without throwing', () => {
    const s = stages.SCREENING!;
    expect(evolve(s, { type: 'SomethingNew', ...t } as unknown as CaseEvent)).toEqual(s);
  });
});
