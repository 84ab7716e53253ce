import { planReminders, reminderConfig } from './reminders';
import type { CaseView, MemberView } from './view';

const CASE = '0b7c6a52-8f43-4a55-9d36-7d1f3c3c2a10';
const CASABLANCA = { timeZone: 'Africa/Casablanca', weekendDays: [0, 6], holidays: [] };

function member(over: Partial<MemberView> = {}): MemberView {
  return {
    memberId: 'm1',
    relationship: 'PA',
    sex: 'M',
    age: 30,
    ageEstimated: false,
    isChild: false,
    travelling: true,
    withdrawn: false,
    deceased: false,
    dataConsent: true,
    declarationSigned: true,
    documents: [],
    escortRequired: false,
    vulnerabilities: [],
    assessments: [],
    ...over,
  };
}

function view(over: Partial<CaseView> = {}): CaseView {
  return {
    caseId: CASE,
    reference: 'MA-RBA-2026-0B7C6A52',
    stage: 'REGISTERED',
    version: 1,
    hostOffice: 'MA-RBA',
    countryOfOrigin: 'GN',
    referralSource: 'WALK_IN',
    holds: [],
    members: [member()],
    flags: { vulnerable: false, uasc: false, medical: false, protection: false },
    travellerCount: 1,
    noShowCount: 0,
    openedAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    stageEnteredAt: '2026-11-01T09:00:00.000Z',
    ...over,
  };
}

const booked = (departureDate: string, over: Partial<CaseView> = {}) =>
  view({
    stage: 'BOOKED',
    booking: {
      itineraryRef: 'IT-1',
      departureDate,
      escortOnItinerary: false,
      ticketed: true,
      travellerIds: ['m1'],
      changeCount: 0,
    },
    ...over,
  });

describe('planReminders', () => {
  it('should plan the 48 h and 24 h departure calls at 08:00 Casablanca time with deterministic ids', () => {
    const sut = planReminders(booked('2026-12-10'), { hostCalendar: CASABLANCA });
    expect(sut.map((r) => [r.id, r.dueAt])).toEqual([
      [`${CASE}.DEPARTURE_CALL.departure.0`, '2026-12-08T07:00:00.000Z'],
      [`${CASE}.DEPARTURE_CALL.departure.1`, '2026-12-09T07:00:00.000Z'],
    ]);
    expect(sut[0].recipients).toEqual([{ role: 'officer', scope: 'HOST' }]);
  });

  it('should move the departure reminders (same ids, new times) when the booking changes', () => {
    const before = planReminders(booked('2026-12-10'));
    const after = planReminders(booked('2026-12-20'));
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect(after[0].dueAt).toBe('2026-12-18T08:00:00.000Z');
  });

  it('should plan nothing for a withdrawn case, so every pending reminder gets cancelled', () => {
    expect(planReminders(booked('2026-12-10', { stage: 'WITHDRAWN' }))).toEqual([]);
  });

  it('should follow up a laissez-passer request at 14 and 30 days, and stop once it is issued', () => {
    const requested = view({
      stage: 'DOCUMENTATION',
      members: [
        member({
          documents: [{ documentType: 'LAISSEZ_PASSER', status: 'REQUESTED', requestedAt: '2026-11-02T10:00:00.000Z' }],
        }),
      ],
    });
    expect(planReminders(requested).map((r) => [r.kind, r.dueAt])).toEqual([
      ['CONSULATE_FOLLOW_UP', '2026-11-16T10:00:00.000Z'],
      ['CONSULATE_FOLLOW_UP', '2026-12-02T10:00:00.000Z'],
    ]);
    const issued = view({
      stage: 'DOCUMENTATION',
      members: [member({ documents: [{ documentType: 'LAISSEZ_PASSER', status: 'ISSUED', expiresOn: '2027-01-31' }] })],
    });
    expect(planReminders(issued).map((r) => [r.kind, r.dueAt, r.recipients.map((x) => x.role).join('+')])).toEqual([
      ['DOCUMENT_EXPIRY', '2027-01-17T08:00:00.000Z', 'officer+movement'],
      ['DOCUMENT_EXPIRY', '2027-01-24T08:00:00.000Z', 'officer+movement'],
    ]);
  });

  it('should ask the medical officer for the pre-embarkation check of a medical case until it is recorded', () => {
    const medical = booked('2026-12-10', {
      flags: { vulnerable: true, uasc: false, medical: true, protection: false },
    });
    expect(
      planReminders(medical)
        .filter((r) => r.kind === 'PRE_EMBARKATION_CHECK')
        .map((r) => r.dueAt),
    ).toEqual(['2026-12-07T08:00:00.000Z']);
    expect(
      planReminders(medical, { preEmbarkationRecorded: true }).some((r) => r.kind === 'PRE_EMBARKATION_CHECK'),
    ).toBe(false);
  });

  it('should count the handover on the receiving office working days (arrival on a Thursday: Tuesday)', () => {
    const arrived = view({ stage: 'ARRIVED', receivingOffice: 'GN-CKY', stageEnteredAt: '2026-11-19T15:00:00.000Z' });
    const sut = planReminders(arrived, {
      receivingCalendar: { timeZone: 'Africa/Conakry', weekendDays: [0, 6], holidays: [] },
    });
    expect(sut.find((r) => r.kind === 'HANDOVER_NOT_ACKNOWLEDGED')?.dueAt).toBe('2026-11-24T15:00:00.000Z');
    // The plan is the receiving office's work: its own supervisor hears of it (AVRR.md §10, issue 10 item 4).
    expect(sut.find((r) => r.kind === 'PLAN_OVERDUE')?.recipients).toEqual([
      { role: 'counterpart', scope: 'RECEIVING' },
      { role: 'supervisor', scope: 'RECEIVING' },
    ]);
  });

  it('should remind the officer of an undecided case 30 days after the last counselling session', () => {
    const undecided = view({ stage: 'COUNSELLING', members: [member({ declarationSigned: false })] });
    expect(
      planReminders(undecided, { lastCounsellingAt: '2026-11-03T10:00:00.000Z' }).map((r) => [r.kind, r.dueAt]),
    ).toEqual([['UNDECIDED_CASE', '2026-12-03T10:00:00.000Z']]);
  });

  it('should warn 30 days before a child member turns 18', () => {
    const family = view({
      members: [member(), member({ memberId: 'm2', relationship: 'CHILD', age: 17, isChild: true })],
    });
    expect(planReminders(family, { birthDates: { m2: '2009-02-15' } }).map((r) => [r.id, r.dueAt])).toEqual([
      [`${CASE}.TURNS_ADULT.m2.0`, '2027-01-16T08:00:00.000Z'],
    ]);
  });

  it('should take offsets from configuration, so tests can make reminders due in seconds', () => {
    const config = reminderConfig({ offsetsMs: { CONSULATE_FOLLOW_UP: [5000], NOT_A_KIND: [1] } });
    const requested = view({
      stage: 'DOCUMENTATION',
      members: [
        member({
          documents: [{ documentType: 'LAISSEZ_PASSER', status: 'REQUESTED', requestedAt: '2026-11-02T10:00:00.000Z' }],
        }),
      ],
    });
    expect(planReminders(requested, {}, config).map((r) => r.dueAt)).toEqual(['2026-11-02T10:00:05.000Z']);
  });

  it('should remind the counterpart and finance of a tranche on its due date and 14 days later, and of monitoring visits and the endline RSS', () => {
    const reintegration = {
      handover: { arrivedAt: '2026-01-10T12:00:00.000Z', overdue: false },
      assessments: [{ needs: [], skills: [], effectiveAt: '2026-01-15T10:00:00.000Z' }],
      plan: {},
      tranches: [
        { trancheId: 't1', status: 'PAID', dueDate: '2026-02-01' },
        { trancheId: 't2', status: 'PLANNED', dueDate: '2026-08-01' },
      ],
      monitoring: {
        planned: [
          { visitNo: 1, dueOn: '2026-02-10', status: 'DONE' },
          { visitNo: 2, dueOn: '2026-04-10', status: 'PLANNED' },
        ],
      },
      rss: [],
    } as unknown as NonNullable<CaseView['reintegration']>;
    const sut = planReminders(view({ stage: 'ASSISTANCE_IN_PROGRESS', receivingOffice: 'GN-CKY', reintegration }), {
      receivingCalendar: { timeZone: 'Africa/Conakry', weekendDays: [0, 6], holidays: [] },
    });
    expect(sut.map((r) => [r.kind, r.subject, r.dueAt])).toEqual([
      ['TRANCHE_DUE', 't2', '2026-08-01T08:00:00.000Z'],
      ['TRANCHE_DUE', 't2', '2026-08-15T08:00:00.000Z'],
      ['MONITORING_VISIT_DUE', 'visit-2', '2026-04-03T08:00:00.000Z'],
      ['MONITORING_VISIT_DUE', 'visit-2', '2026-04-10T08:00:00.000Z'],
      ['RSS_DUE', 'endline', '2027-01-10T08:00:00.000Z'],
    ]);
    expect(sut[0].recipients).toEqual([
      { role: 'counterpart', scope: 'RECEIVING' },
      { role: 'finance', scope: 'RECEIVING' },
    ]);
  });

  it('should stop the first-counselling and plan reminders once the assessment and the plan are recorded', () => {
    const arrived = view({ stage: 'REINTEGRATION_COUNSELLING', stageEnteredAt: '2026-11-19T15:00:00.000Z' });
    expect(planReminders(arrived).map((r) => r.kind)).toEqual(['FIRST_REINTEGRATION_COUNSELLING', 'PLAN_OVERDUE']);
    const assessed = {
      ...arrived,
      reintegration: {
        handover: { arrivedAt: '2026-11-19T15:00:00.000Z', overdue: false },
        assessments: [{ needs: [], skills: [], effectiveAt: '2026-11-20T10:00:00.000Z' }],
        tranches: [],
        monitoring: { planned: [] },
        rss: [],
      } as never,
    };
    expect(planReminders(assessed).map((r) => r.kind)).toEqual(['PLAN_OVERDUE', 'RSS_DUE']);
  });
});
