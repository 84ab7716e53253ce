import {
  availableCommands,
  evolve,
  planReminders,
  requirementsFor,
  toView,
  type CaseCommand,
  type CaseState,
  type TransitIncidentRecorded,
} from './index';
import {
  actor,
  attempt,
  booking,
  context,
  counterpart,
  movement,
  officer,
  run,
  singleAdultReady,
  statesByStage,
  T0,
  unmetCodes,
} from './test-fixtures';

/** RecordTransitIncident (AVRR.md §5.3 DEPARTED row; §6 MovementEvent "incident"): a movement event, the stage stays. */
const departed = (): CaseState => statesByStage().DEPARTED as CaseState;
const LATER = '2025-03-01T15:00:00.000Z';
const missed: CaseCommand = {
  type: 'RecordTransitIncident',
  kind: 'MISSED_CONNECTION',
  memberIds: ['a1'],
  transitPoint: 'CMN',
};

/** Two adults (a1, a2) departed together. */
function coupleDeparted(): CaseState {
  let s = singleAdultReady();
  s = { ...s, members: [...s.members, { ...s.members[0], memberId: 'a2', relationship: 'SPOUSE' }] };
  s = run(s, movement, booking('2025-03-10'));
  return run(s, movement, {
    type: 'RecordDeparture',
    voluntarinessReconfirmed: true,
    pocketMoney: { amount: 30, currency: 'EUR' },
  });
}

describe('RecordTransitIncident', () => {
  it('should record an incident for the movement role while DEPARTED, keeping the stage, with its effective and recorded times', () => {
    const before = departed();
    const r = attempt(before, movement, missed, LATER, {}, '2025-03-01T12:30:00.000Z');
    expect(r.ok && r.events).toEqual([
      {
        type: 'TransitIncidentRecorded',
        incidentId: 'TI-1',
        kind: 'MISSED_CONNECTION',
        memberIds: ['a1'],
        transitPoint: 'CMN',
        effectiveAt: '2025-03-01T12:30:00.000Z',
        recordedAt: LATER,
      },
    ]);
    const s = run(before, movement, missed, LATER, {}, '2025-03-01T12:30:00.000Z');
    expect([s.stage, s.version, s.stageEnteredAt]).toEqual(['DEPARTED', before.version + 1, before.stageEnteredAt]);
    expect(s.transitIncidents).toEqual([
      {
        incidentId: 'TI-1',
        kind: 'MISSED_CONNECTION',
        memberIds: ['a1'],
        transitPoint: 'CMN',
        effectiveAt: '2025-03-01T12:30:00.000Z',
        recordedAt: LATER,
      },
    ]);
  });

  it('should number incidents in order and show them in the view, oldest first, also after arrival', () => {
    expect(toView(departed()).transitIncidents).toBeUndefined();
    let s = run(departed(), movement, missed, LATER);
    s = run(
      s,
      movement,
      { type: 'RecordTransitIncident', kind: 'MEDICAL', memberIds: ['a1'], transitPoint: 'ABJ' },
      LATER,
    );
    expect(toView(s).transitIncidents?.map((i) => [i.incidentId, i.kind, i.transitPoint])).toEqual([
      ['TI-1', 'MISSED_CONNECTION', 'CMN'],
      ['TI-2', 'MEDICAL', 'ABJ'],
    ]);
    s = run(s, counterpart, { type: 'RecordArrival', receptionRecorded: true, receivingOffice: 'DAKAR' }, LATER);
    expect(s.stage).toBe('ARRIVED');
    expect(toView(s).transitIncidents).toHaveLength(2);
  });

  it('should name several travellers of one household', () => {
    const s = run(
      coupleDeparted(),
      movement,
      { type: 'RecordTransitIncident', kind: 'DELAY', memberIds: ['a1', 'a2'], transitPoint: 'CDG' },
      LATER,
    );
    expect(toView(s).transitIncidents?.[0]?.memberIds).toEqual(['a1', 'a2']);
  });

  it('should leave moving the case back to RecordTurnBack, and keep the incident after it', () => {
    let s = run(
      departed(),
      movement,
      { type: 'RecordTransitIncident', kind: 'LOST_DOCUMENTS', memberIds: ['a1'], transitPoint: 'CMN' },
      LATER,
    );
    expect(s.stage).toBe('DEPARTED');
    s = run(s, movement, { type: 'RecordTurnBack', reason: 'STRANDED', documentsStillValid: false }, LATER);
    expect(s.stage).toBe('DOCUMENTATION');
    expect(toView(s).transitIncidents?.map((i) => i.kind)).toEqual(['LOST_DOCUMENTS']);
  });

  it.each([
    [
      'before departure',
      () => statesByStage().BOOKED as CaseState,
      movement,
      missed,
      'NOT_ALLOWED_IN_STAGE',
      ['NOT_ALLOWED_IN_STAGE'],
    ],
    [
      'after arrival',
      () => statesByStage().ARRIVED as CaseState,
      movement,
      missed,
      'NOT_ALLOWED_IN_STAGE',
      ['NOT_ALLOWED_IN_STAGE'],
    ],
    ['from an officer', departed, officer, missed, 'ROLE_NOT_ALLOWED', ['ROLE_NOT_ALLOWED']],
    ['from a counterpart', departed, counterpart, missed, 'ROLE_NOT_ALLOWED', ['ROLE_NOT_ALLOWED']],
    ['for a member not in the case', departed, movement, { ...missed, memberIds: ['zz'] }, 'UNKNOWN_MEMBER', []],
    ['without a member', departed, movement, { ...missed, memberIds: [] }, 'INVALID_COMMAND', []],
    ['naming a member twice', departed, movement, { ...missed, memberIds: ['a1', 'a1'] }, 'INVALID_COMMAND', []],
    ['of an unknown kind', departed, movement, { ...missed, kind: 'ROBBERY' }, 'INVALID_COMMAND', []],
    ['without a transit point', departed, movement, { ...missed, transitPoint: ' ' }, 'INVALID_COMMAND', []],
  ] as [string, () => CaseState, ReturnType<typeof actor>, CaseCommand, string, string[]][])(
    'should refuse an incident %s',
    (_n, state, by, command, code, codes) => {
      const r = attempt(state(), by, command, LATER);
      expect(r.ok ? 'accepted' : r.rejection.code).toBe(code);
      expect(unmetCodes(r)).toEqual(codes);
    },
  );

  it('should refuse an incident for a member who did not travel', () => {
    const d = departed();
    const s: CaseState = {
      ...d,
      members: [
        ...d.members,
        { ...d.members[0], memberId: 'a9', relationship: 'SPOUSE', withdrawn: true, travelling: false },
      ],
    };
    expect(attempt(s, movement, { ...missed, memberIds: ['a9'] }, LATER)).toMatchObject({
      ok: false,
      rejection: { code: 'INVALID_COMMAND' },
    });
  });

  it('should be offered to the movement role in DEPARTED only, as decide says', () => {
    const ctx = context(LATER);
    expect(availableCommands(departed(), movement, ctx).find((a) => a.type === 'RecordTransitIncident')).toEqual({
      type: 'RecordTransitIncident',
      allowed: true,
      unmet: [],
    });
    expect(requirementsFor(departed(), 'RecordTransitIncident', officer, ctx).map((r) => r.code)).toEqual([
      'ROLE_NOT_ALLOWED',
    ]);
    expect(availableCommands(statesByStage().ARRIVED as CaseState, movement, ctx).map((a) => a.type)).not.toContain(
      'RecordTransitIncident',
    );
  });

  it('should fold into a state carried from before incidents existed (no transitIncidents key)', () => {
    const { transitIncidents: _none, ...old } = departed();
    const e: TransitIncidentRecorded = {
      type: 'TransitIncidentRecorded',
      incidentId: 'TI-1',
      kind: 'DETAINED',
      memberIds: ['a1'],
      transitPoint: 'ALG',
      effectiveAt: T0,
      recordedAt: T0,
    };
    expect(evolve(old as CaseState, e).transitIncidents).toEqual([
      { incidentId: 'TI-1', kind: 'DETAINED', memberIds: ['a1'], transitPoint: 'ALG', effectiveAt: T0, recordedAt: T0 },
    ]);
    expect(attempt(old as CaseState, movement, missed, LATER)).toMatchObject({
      ok: true,
      events: [{ incidentId: 'TI-1' }],
    });
  });

  it('should not change the reminders planned for the case', () => {
    const s = run(departed(), movement, missed, LATER);
    const strip = (view: ReturnType<typeof toView>) => planReminders(view).map((r) => [r.id, r.dueAt]);
    expect(strip(toView(s))).toEqual(strip({ ...toView(s), transitIncidents: undefined }));
  });

  it('should keep personal data out: ids, codes and times only', () => {
    const s = run(departed(), movement, missed, LATER);
    expect(Object.keys(toView(s).transitIncidents![0]).sort()).toEqual([
      'effectiveAt',
      'incidentId',
      'kind',
      'memberIds',
      'recordedAt',
      'transitPoint',
    ]);
  });
});
