import {
  COMMAND_ROLES,
  COMMAND_TYPES,
  PRE_DEPARTURE_STAGES,
  STAGES,
  applyAccepted,
  decide,
  initialState,
  openingChange,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type Stage,
} from './index';
import {
  T0,
  actor,
  adult,
  attempt,
  booking,
  child,
  context,
  counselling,
  declaration,
  documentEveryone,
  envelope,
  guardianDeclaration,
  medical,
  movement,
  officer,
  opening,
  protection,
  run,
  statesByStage,
  supervisor,
  toScreening,
  unmetCodes,
} from './test-fixtures';

const stages = statesByStage();
function at(stage: Stage): CaseState {
  const s = stages[stage];
  if (!s) throw new Error(`no fixture for ${stage}`);
  return s;
}

function eventTypes(state: CaseState, by = officer, command: CaseCommand, now = T0): string[] {
  const r = attempt(state, by, command, now);
  if (!r.ok) throw new Error(`${command.type}: ${r.rejection.code} ${unmetCodes(r).join(',')}`);
  return r.events.map((e) => (e.type === 'StageChanged' ? `StageChanged:${e.to}` : e.type));
}

describe('opening', () => {
  it.each([
    ['every member consented', [adult('a1'), child('c1', ['a1'])], 'REGISTERED'],
    ['an adult without consent', [adult('a1', { dataConsent: false })], 'REFERRED'],
    [
      'a child without guardian consent',
      [adult('a1'), child('c1', ['a1'], '2016-01-01', { dataConsent: false })],
      'REFERRED',
    ],
    ['a UASC with consent recorded', [child('u1', [], '2010-01-01', { unaccompanied: true })], 'REGISTERED'],
    ['no members listed', [], 'REFERRED'],
  ])('should open a case with %s at %s', (_name, members, stage) => {
    const s = initialState(opening(members));
    expect(s.stage).toBe(stage);
    expect(s.version).toBe(1);
    expect(s.stageEnteredAt).toBe(T0);
  });

  it('should describe the opening as the version-1 change by the system', () => {
    const o = opening([adult('a1')]);
    const change = openingChange(initialState(o), o);
    expect(change).toMatchObject({
      version: 1,
      commandType: 'CaseOpened',
      actor: { role: 'system' },
      toStage: 'REGISTERED',
    });
    expect(change.events[0]?.type).toBe('CaseOpened');
  });

  it('should keep the state JSON-serialisable for continue-as-new', () => {
    const s = at('BOOKED');
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe('gates', () => {
  it('should reject a stale version with the current version', () => {
    const s = at('REGISTERED');
    const env = { ...envelope(s, officer, counselling, T0) };
    env.meta = { ...env.meta, expectedVersion: 0 };
    const r = decide(s, env, context());
    expect(r).toEqual({ ok: false, rejection: expect.objectContaining({ code: 'STALE_VERSION', currentVersion: 1 }) });
  });

  it.each([
    ['StartScreening in REGISTERED', 'REGISTERED', officer, { type: 'StartScreening' }, 'NOT_ALLOWED_IN_STAGE'],
    ['Approve in ASSESSMENT', 'ASSESSMENT', supervisor, { type: 'Approve' }, 'NOT_ALLOWED_IN_STAGE'],
    ['ConfirmBooking by an officer', 'READY_FOR_BOOKING', officer, booking('2025-03-10'), 'ROLE_NOT_ALLOWED'],
    ['Cancel by an officer', 'SCREENING', officer, { type: 'Cancel', reasonCode: 'FRAUD' }, 'ROLE_NOT_ALLOWED'],
    [
      'Register by operations staff',
      'REFERRED',
      actor('operations'),
      { type: 'Register', consents: [], duplicateCheckDone: true },
      'ROLE_NOT_ALLOWED',
    ],
    ['counselling by admin', 'REGISTERED', actor('admin'), counselling, 'ROLE_NOT_ALLOWED'],
    ['an unknown member', 'SCREENING', officer, declaration('zz'), 'UNKNOWN_MEMBER'],
    [
      'an outcome of another assessment',
      'ASSESSMENT',
      protection,
      { type: 'RecordAssessmentResult', memberId: 'a1', assessment: 'VOT_RISK', outcome: 'FIT' },
      'INVALID_COMMAND',
    ],
    ['a booking in the past', 'READY_FOR_BOOKING', movement, booking('2025-02-01'), 'INVALID_COMMAND'],
    [
      'a document number',
      'APPROVED',
      officer,
      {
        type: 'RecordDocumentsAlreadyValid',
        documents: [
          { memberId: 'a1', documentType: 'PASSPORT', documentRef: 'r', expiresOn: '2026-01-01', number: 'A123' },
        ],
      } as unknown as CaseCommand,
      'INVALID_COMMAND',
    ],
    [
      'a document request without a logged transfer',
      'APPROVED',
      officer,
      {
        type: 'RequestTravelDocument',
        memberId: 'a1',
        documentType: 'LAISSEZ_PASSER',
        authority: 'C',
        transferConsentRef: '',
      },
      'INVALID_COMMAND',
    ],
    ['an unknown command', 'REGISTERED', officer, { type: 'Teleport' } as unknown as CaseCommand, 'INVALID_COMMAND'],
    ['any command on a closed case', 'CLOSED', supervisor, { type: 'Reopen' }, 'NOT_ALLOWED_IN_STAGE'],
  ] as [string, Stage, ReturnType<typeof actor>, CaseCommand, string][])(
    'should reject %s',
    (_name, stage, by, command, code) => {
      const r = attempt(at(stage), by, command);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.rejection.code).toBe(code);
        expect(r.rejection.currentVersion).toBe(at(stage).version);
      }
    },
  );

  it('should reject a fact dated after the recorded time', () => {
    const r = attempt(at('REGISTERED'), officer, counselling, T0, {}, '2025-03-02T09:00:00.000Z');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection.code).toBe('INVALID_COMMAND');
  });

  it('should never let admin or operations issue a case command', () => {
    for (const type of COMMAND_TYPES) {
      expect(COMMAND_ROLES[type]).not.toContain('admin');
      expect(COMMAND_ROLES[type]).not.toContain('operations');
    }
  });

  it('should let a supervisor issue every command an officer may', () => {
    for (const type of COMMAND_TYPES) {
      if (COMMAND_ROLES[type].includes('officer')) expect(COMMAND_ROLES[type]).toContain('supervisor');
    }
  });
});

describe('transitions', () => {
  it.each([
    [
      'counselling moves a registered case on',
      'REGISTERED',
      officer,
      counselling,
      ['CounsellingSessionRecorded', 'StageChanged:COUNSELLING'],
    ],
    ['a further session keeps the stage', 'COUNSELLING', officer, counselling, ['CounsellingSessionRecorded']],
    [
      'screening starts after counselling',
      'COUNSELLING',
      officer,
      { type: 'StartScreening' },
      ['ScreeningStarted', 'StageChanged:SCREENING'],
    ],
    [
      'an ineligible case is cancelled',
      'SCREENING',
      officer,
      { type: 'RecordEligibility', eligible: false, ruleId: 'R1' },
      ['EligibilityRecorded', 'CaseCancelled', 'StageChanged:CANCELLED'],
    ],
    [
      'screening with no finding stays',
      'SCREENING',
      officer,
      { type: 'RecordRapidVulnerabilityScreening', findings: [] },
      ['RapidVulnerabilityScreeningRecorded'],
    ],
    [
      'a VoT finding opens a risk assessment and a protection hold',
      'SCREENING',
      officer,
      { type: 'RecordRapidVulnerabilityScreening', findings: [{ memberId: 'a1', vulnerabilities: ['VOT'] }] },
      ['RapidVulnerabilityScreeningRecorded', 'AssessmentRequired', 'HoldPlaced', 'StageChanged:ASSESSMENT'],
    ],
    [
      'a medical finding opens a medical assessment',
      'SCREENING',
      officer,
      { type: 'RecordRapidVulnerabilityScreening', findings: [{ memberId: 'a1', vulnerabilities: ['MEDICAL'] }] },
      ['RapidVulnerabilityScreeningRecorded', 'AssessmentRequired', 'StageChanged:ASSESSMENT'],
    ],
    [
      'a document request starts documentation',
      'APPROVED',
      officer,
      { type: 'RequestExitAuthorization', memberId: 'a1', authority: 'DGSN' },
      ['ExitAuthorizationRequested', 'StageChanged:DOCUMENTATION'],
    ],
    [
      'a refusal places a hold',
      'DOCUMENTATION',
      officer,
      {
        type: 'RecordDocumentRefused',
        memberId: 'a1',
        documentType: 'LAISSEZ_PASSER',
        reasonCode: 'NATIONALITY_NOT_CONFIRMED',
      },
      ['TravelDocumentRefused', 'HoldPlaced'],
    ],
    ['booking', 'READY_FOR_BOOKING', movement, booking('2025-03-10'), ['BookingConfirmed', 'StageChanged:BOOKED']],
    [
      'a no-show with valid documents',
      'BOOKED',
      movement,
      { type: 'RecordNoShow' },
      ['NoShowRecorded', 'BookingCancelled', 'StageChanged:READY_FOR_BOOKING'],
    ],
    [
      'a turn-back with used documents',
      'DEPARTED',
      movement,
      { type: 'RecordTurnBack', reason: 'ENTRY_REFUSED', documentsStillValid: false },
      ['TurnBackRecorded', 'DocumentRenewalRequired', 'StageChanged:DOCUMENTATION'],
    ],
    [
      'a turn-back with valid documents',
      'DEPARTED',
      movement,
      { type: 'RecordTurnBack', reason: 'DENIED_BOARDING', documentsStillValid: true },
      ['TurnBackRecorded', 'StageChanged:READY_FOR_BOOKING'],
    ],
    [
      'a transit keeps the case departed',
      'DEPARTED',
      movement,
      { type: 'RecordTransit', location: 'ABJ' },
      ['TransitRecorded'],
    ],
    [
      'a transit incident keeps the case departed',
      'DEPARTED',
      movement,
      { type: 'RecordTransitIncident', kind: 'DELAY', memberIds: ['a1'], transitPoint: 'ABJ' },
      ['TransitIncidentRecorded'],
    ],
    [
      're-opening a withdrawn case',
      'WITHDRAWN',
      officer,
      { type: 'Reopen' },
      ['CaseReopened', 'StageChanged:REGISTERED'],
    ],
    [
      'the only member dying closes the case',
      'BOOKED',
      officer,
      { type: 'RecordDeath', memberId: 'a1' },
      ['MemberDied', 'BookingCancelled', 'CaseClosed', 'StageChanged:CLOSED'],
    ],
  ] as [string, Stage, ReturnType<typeof actor>, CaseCommand, string[]][])(
    '%s',
    (_name, stage, by, command, expected) => {
      expect(eventTypes(at(stage), by, command)).toEqual(expected);
    },
  );

  it('should record a late-entered fact with its effective time, and the recorded time separately', () => {
    const effective = '2025-02-20T10:00:00.000Z';
    const s = run(at('REGISTERED'), officer, counselling, T0, {}, effective);
    expect(s.counsellingSessions[0]).toMatchObject({ effectiveAt: effective, recordedAt: T0 });
    expect(s.stageEnteredAt).toBe(effective);
    expect(s.updatedAt).toBe(T0);
    const env = envelope(at('REGISTERED'), officer, counselling, effective);
    const r = decide(at('REGISTERED'), env, context());
    if (!r.ok) throw new Error('rejected');
    const change = applyAccepted(at('REGISTERED'), env, r.events, context()).change;
    expect(change).toMatchObject({
      effectiveAt: effective,
      recordedAt: T0,
      fromStage: 'REGISTERED',
      toStage: 'COUNSELLING',
      version: 2,
    });
    expect(r.events.every((e: CaseEvent) => e.effectiveAt === effective && e.recordedAt === T0)).toBe(true);
  });
});

describe('registration and consent per person', () => {
  const household = opening([
    adult('a1', { dataConsent: false }),
    adult('a2', { relationship: 'SPOUSE', dataConsent: false }),
    child('c1', ['a1'], '2016-01-01', { dataConsent: false }),
  ]);
  const consent = (memberId: string, signatory: 'SELF' | 'GUARDIAN' = 'SELF') => ({
    memberId,
    dataConsent: true as const,
    signatory,
    formVersion: 'DP-2024',
    language: 'fr',
  });

  it('should require each adult consent, the guardian consent for a child and the duplicate check', () => {
    const s = initialState(household);
    expect(
      unmetCodes(attempt(s, officer, { type: 'Register', consents: [consent('a1')], duplicateCheckDone: false })),
    ).toEqual(['DUPLICATE_CHECK_NOT_DONE', 'DATA_CONSENT_MISSING:a2', 'DATA_CONSENT_MISSING:c1']);
    expect(
      unmetCodes(
        attempt(s, officer, {
          type: 'Register',
          consents: [consent('a1'), consent('a2', 'GUARDIAN'), consent('c1')],
          duplicateCheckDone: true,
        }),
      ),
    ).toEqual(['OWN_CONSENT_REQUIRED_AT_18:a2', 'GUARDIAN_SIGNATURE_REQUIRED:c1']);
    const ok = run(s, officer, {
      type: 'Register',
      consents: [consent('a1'), { ...consent('a2'), signatory: 'THUMBPRINT' }, consent('c1', 'GUARDIAN')],
      duplicateCheckDone: true,
    });
    expect(ok.stage).toBe('REGISTERED');
    expect(ok.members.map((m) => m.dataConsent?.signatory)).toEqual(['SELF', 'THUMBPRINT', 'GUARDIAN']);
  });

  it('should not register a case with no household member listed', () => {
    const s = initialState(opening([]));
    expect(unmetCodes(attempt(s, officer, { type: 'Register', consents: [], duplicateCheckDone: true }))).toEqual([
      'HOUSEHOLD_NOT_LISTED',
    ]);
  });

  it('should take the consent given at intake as the guardian one for a minor and their own for an adult', () => {
    const s = initialState(
      opening([adult('a1'), child('c1', ['a1'], '2016-01-01'), child('c2', ['a1'], '2000-01-01')]),
    );
    expect(s.members.map((m) => m.dataConsent?.signatory)).toEqual(['SELF', 'GUARDIAN', 'SELF']);
  });

  it('should complete consents recorded earlier with RecordDataConsent', () => {
    let s = initialState(household);
    s = run(s, officer, { type: 'RecordDataConsent', consents: [consent('a1'), consent('a2')] });
    expect(s.stage).toBe('REFERRED');
    s = run(s, officer, { type: 'Register', consents: [consent('c1', 'GUARDIAN')], duplicateCheckDone: true });
    expect(s.stage).toBe('REGISTERED');
  });
});

describe('declarations and approval', () => {
  const family = opening([adult('a1'), child('c1', ['a1'], '2014-01-01'), child('c2', ['a1'], '2018-01-01')]);
  function screened(): CaseState {
    let s = toScreening(family);
    s = run(s, officer, { type: 'RecordRapidVulnerabilityScreening', findings: [] });
    return s;
  }

  it('should need a declaration from every adult and a guardian declaration with the child views for every child', () => {
    let s = screened();
    expect(unmetCodes(attempt(s, officer, { type: 'Approve' }))).toEqual([
      'DECLARATION_NOT_SIGNED:a1',
      'DECLARATION_NOT_SIGNED:c1',
      'DECLARATION_NOT_SIGNED:c2',
    ]);
    s = run(s, officer, declaration('a1'));
    s = run(s, officer, guardianDeclaration('c1', 'a1'));
    expect(
      unmetCodes(attempt(s, officer, declaration('c2', { signatory: 'GUARDIAN', guardianMemberId: 'a1' }))),
    ).toEqual(['CHILD_VIEWS_NOT_RECORDED:c2']);
    expect(
      unmetCodes(
        attempt(
          s,
          officer,
          declaration('c2', { signatory: 'GUARDIAN', guardianMemberId: 'c1', childViewsRecorded: true }),
        ),
      ),
    ).toEqual(['GUARDIAN_NOT_VALID:c2']);
    s = run(s, officer, guardianDeclaration('c2', 'a1'));
    expect(run(s, officer, { type: 'Approve' }).stage).toBe('APPROVED');
  });

  it('should not accept a declaration before any counselling after re-opening', () => {
    let s = run(screened(), officer, { type: 'Withdraw' });
    s = run(s, officer, { type: 'Reopen' });
    expect(s.counsellingSinceReopen).toBe(0);
    expect(unmetCodes(attempt(s, officer, declaration('a1')))).toEqual(['NOT_ALLOWED_IN_STAGE']);
  });

  it('should need eligibility and the rapid screening before approval', () => {
    let s = initialState(opening([adult('a1')]));
    s = run(s, officer, counselling);
    s = run(s, officer, { type: 'StartScreening' });
    s = run(s, officer, declaration('a1'));
    expect(unmetCodes(attempt(s, officer, { type: 'Approve' }))).toEqual([
      'ELIGIBILITY_NOT_RECORDED',
      'VULNERABILITY_SCREENING_MISSING',
    ]);
  });

  it('should require supervisor approval when a vulnerability is flagged, unless configured off', () => {
    let s = toScreening(opening([adult('a1')]));
    s = run(s, officer, {
      type: 'RecordRapidVulnerabilityScreening',
      findings: [{ memberId: 'a1', vulnerabilities: ['ELDERLY'] }],
    });
    expect(s.stage).toBe('SCREENING');
    s = run(s, officer, declaration('a1'));
    expect(unmetCodes(attempt(s, officer, { type: 'Approve' }))).toEqual(['SUPERVISOR_APPROVAL_REQUIRED']);
    expect(attempt(s, officer, { type: 'Approve' }, T0, { supervisorApprovalForVulnerable: false }).ok).toBe(true);
    expect(attempt(s, supervisor, { type: 'Approve' }).ok).toBe(true);
  });

  it('should block approval while a VoT risk assessment is open and lift the protection hold only with a mitigation', () => {
    let s = toScreening(opening([adult('a1')]));
    s = run(s, officer, {
      type: 'RecordRapidVulnerabilityScreening',
      findings: [{ memberId: 'a1', vulnerabilities: ['VOT'] }],
    });
    expect(s.holds).toEqual([expect.objectContaining({ type: 'PROTECTION_RISK', memberId: 'a1', placedBy: 'system' })]);
    const result = {
      type: 'RecordAssessmentResult',
      memberId: 'a1',
      assessment: 'VOT_RISK',
      outcome: 'ACCEPTABLE',
    } as const;
    expect(unmetCodes(attempt(s, protection, result))).toEqual(['MITIGATION_NOT_RECORDED:a1']);
    s = run(s, protection, { ...result, mitigation: 'RECEPTION_BY_PARTNER_NGO' });
    expect(s.holds).toEqual([]);
    expect(s.stage).toBe('SCREENING');
    expect(s.members[0]?.assessments[0]).toMatchObject({ status: 'COMPLETED', validUntil: '2025-03-31' });
  });

  it('should keep the protection hold and refuse approval when the risk is too high', () => {
    let s = toScreening(opening([adult('a1')]));
    s = run(s, officer, {
      type: 'RecordRapidVulnerabilityScreening',
      findings: [{ memberId: 'a1', vulnerabilities: ['VOT'] }],
    });
    s = run(s, protection, {
      type: 'RecordAssessmentResult',
      memberId: 'a1',
      assessment: 'VOT_RISK',
      outcome: 'TOO_HIGH',
    });
    s = run(s, officer, declaration('a1'));
    expect(unmetCodes(attempt(s, supervisor, { type: 'Approve' }))).toEqual(['RISK_TOO_HIGH:a1', 'HOLD_ACTIVE:a1']);
  });

  it('should require an asylum seeker to consent to UNHCR being informed, and flag the notification at departure', () => {
    let s = toScreening(opening([adult('a1')]));
    s = run(s, officer, {
      type: 'RecordRapidVulnerabilityScreening',
      findings: [{ memberId: 'a1', vulnerabilities: ['ASYLUM_SEEKER'] }],
    });
    s = run(s, officer, declaration('a1'));
    expect(unmetCodes(attempt(s, supervisor, { type: 'Approve' }))).toEqual(['UNHCR_NOTIFICATION_CONSENT_MISSING:a1']);
    s = run(s, officer, declaration('a1', { unhcrNotificationConsent: true }));
    s = run(s, supervisor, { type: 'Approve' });
    s = documentEveryone(s, ['a1'], '2025-04-30');
    s = run(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true });
    s = run(s, movement, booking('2025-03-10'));
    const r = attempt(s, movement, {
      type: 'RecordDeparture',
      voluntarinessReconfirmed: true,
      pocketMoney: { amount: 30, currency: 'EUR' },
    });
    expect(r.ok && r.events[0]).toMatchObject({ type: 'DepartureRecorded', unhcrNotificationDue: ['a1'] });
  });

  it('should treat a child left without a guardian in the case as unaccompanied at screening', () => {
    let s = toScreening(opening([adult('a1'), child('c1', ['a1'], '2012-01-01')]));
    s = run(s, officer, { type: 'Withdraw', memberIds: ['a1'] });
    s = run(s, officer, { type: 'RecordRapidVulnerabilityScreening', findings: [] });
    expect(s.stage).toBe('ASSESSMENT');
    expect(s.members[1]?.vulnerabilities).toEqual(['UASC']);
    expect(s.holds.map((h) => `${h.type}:${h.memberId}`)).toEqual(['BID_PENDING:c1']);
  });
});

describe('booking guards for every traveller', () => {
  const family = opening([
    adult('a1'),
    adult('a2', { relationship: 'SPOUSE', sex: 'F' }),
    child('c1', ['a1', 'a2'], '2007-03-15'),
  ]);
  function ready(lpA2 = '2025-04-30'): CaseState {
    let s = toScreening(family);
    s = run(s, officer, { type: 'RecordRapidVulnerabilityScreening', findings: [] });
    s = run(s, officer, declaration('a1'));
    s = run(s, officer, declaration('a2'));
    s = run(s, officer, guardianDeclaration('c1', 'a1'));
    s = run(s, officer, { type: 'Approve' });
    s = documentEveryone(s, ['a1', 'c1'], '2025-04-30');
    s = documentEveryone(s, ['a2'], lpA2);
    return run(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true });
  }

  it('should reject booking when the laissez-passer of member 2 expires within the buffer', () => {
    const s = ready('2025-03-12');
    expect(unmetCodes(attempt(s, movement, booking('2025-03-10')))).toEqual(['DOCUMENT_EXPIRES_BEFORE_DEPARTURE:a2']);
    expect(attempt(s, movement, booking('2025-03-09')).ok).toBe(true);
    expect(attempt(s, movement, booking('2025-03-10'), T0, { documentExpiryBufferDays: 2 }).ok).toBe(true);
  });

  it('should check the same guards again when the booking changes', () => {
    const s = run(ready('2025-03-12'), movement, booking('2025-03-05'));
    const change = {
      type: 'ChangeBooking',
      departureDate: '2025-03-11',
      itineraryRef: 'IT-B',
      fundsAvailable: true,
      ticketed: true,
    } as const;
    const r = attempt(s, movement, change);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rejection.code).toBe('REQUIREMENTS_NOT_MET');
      expect(unmetCodes(r)).toEqual(['DOCUMENT_EXPIRES_BEFORE_DEPARTURE:a2']);
    }
    expect(eventTypes(s, movement, { ...change, departureDate: '2025-03-08' })).toEqual(['BookingChanged']);
    expect(eventTypes(s, movement, { ...change, fallbackToDocumentation: true })).toEqual([
      'BookingCancelled',
      'DocumentRenewalRequired',
      'StageChanged:DOCUMENTATION',
    ]);
  });

  it('should check the fit-to-travel window again when a booking moves later', () => {
    let s = toScreening(opening([adult('a1')]));
    s = run(s, officer, {
      type: 'RecordRapidVulnerabilityScreening',
      findings: [{ memberId: 'a1', vulnerabilities: ['MEDICAL'] }],
    });
    s = run(s, medical, {
      type: 'RecordAssessmentResult',
      memberId: 'a1',
      assessment: 'MEDICAL',
      outcome: 'FIT',
      validUntil: '2025-03-12',
    });
    s = run(s, officer, declaration('a1'));
    s = run(s, supervisor, { type: 'Approve' });
    s = documentEveryone(s, ['a1'], '2025-04-30');
    s = run(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true });
    s = run(s, movement, booking('2025-03-10'));
    const change = {
      type: 'ChangeBooking',
      departureDate: '2025-03-14',
      itineraryRef: 'IT-C',
      fundsAvailable: true,
      ticketed: true,
      fallbackToDocumentation: true,
    } as const;
    expect(unmetCodes(attempt(s, movement, change))).toEqual(['FIT_TO_TRAVEL_EXPIRED:a1']);
    expect(attempt(s, movement, { ...change, departureDate: '2025-03-12' }).ok).toBe(true);
  });

  it('should need own consent and declaration from a member who is 18 on the departure date', () => {
    let s = ready();
    expect(unmetCodes(attempt(s, movement, booking('2025-03-20')))).toEqual([
      'OWN_CONSENT_REQUIRED_AT_18:c1',
      'OWN_DECLARATION_REQUIRED_AT_18:c1',
    ]);
    expect(attempt(s, movement, booking('2025-03-14')).ok).toBe(true);
    const birthday = '2025-03-15T09:00:00.000Z';
    expect(unmetCodes(attempt(s, officer, guardianDeclaration('c1', 'a1'), birthday))).toEqual([
      'OWN_DECLARATION_REQUIRED_AT_18:c1',
    ]);
    s = run(
      s,
      officer,
      {
        type: 'RecordDataConsent',
        consents: [{ memberId: 'c1', dataConsent: true, signatory: 'SELF', formVersion: 'DP-2024', language: 'fr' }],
      },
      birthday,
    );
    s = run(s, officer, declaration('c1'), birthday);
    expect(attempt(s, movement, booking('2025-03-20'), birthday).ok).toBe(true);
  });

  it('should not book a child whose only travelling guardian withdrew', () => {
    let s = ready();
    s = run(s, officer, { type: 'Withdraw', memberIds: ['a1', 'a2'] });
    expect(s.stage).toBe('READY_FOR_BOOKING');
    // Now unaccompanied: the UASC path applies, including the co-signature of a 16-17-year-old.
    expect(unmetCodes(attempt(s, movement, booking('2025-03-10')))).toEqual([
      'CHILD_CO_SIGNATURE_MISSING:c1',
      'CHILD_WITHOUT_GUARDIAN:c1',
      'ESCORT_REQUIRED:c1',
    ]);
  });

  it.each([
    ['BENEFICIARY_PAUSE', officer, true, true],
    ['FUNDING_UNAVAILABLE', supervisor, true, false],
    ['COO_SECURITY', supervisor, true, true],
    ['LEGAL_PROCEEDINGS', protection, false, true],
    ['CONTACT_LOST', officer, true, false],
  ] as const)('should apply a %s hold to booking=%s and departure=%s', (hold, by, blocksBooking, blocksDeparture) => {
    const s = run(ready(), by, { type: 'PlaceHold', hold });
    expect(unmetCodes(attempt(s, movement, booking('2025-03-10'))).includes('HOLD_ACTIVE')).toBe(blocksBooking);
    const booked = run(ready(), movement, booking('2025-03-10'));
    const held = run(booked, by, { type: 'PlaceHold', hold });
    const dep = attempt(held, movement, {
      type: 'RecordDeparture',
      voluntarinessReconfirmed: true,
      pocketMoney: { amount: 30, currency: 'EUR' },
    });
    expect(unmetCodes(dep).includes('HOLD_ACTIVE')).toBe(blocksDeparture);
  });

  it('should require funds, reception and reconfirmed voluntariness', () => {
    const s = ready();
    expect(unmetCodes(attempt(s, movement, booking('2025-03-10', { fundsAvailable: false })))).toEqual([
      'FUNDS_NOT_AVAILABLE',
    ]);
    const booked = run(s, movement, booking('2025-03-10'));
    expect(
      unmetCodes(
        attempt(booked, movement, {
          type: 'RecordDeparture',
          voluntarinessReconfirmed: false,
          pocketMoney: { amount: 30, currency: 'EUR' },
        }),
      ),
    ).toEqual(['VOLUNTARINESS_NOT_RECONFIRMED']);
  });
});

describe('holds', () => {
  it.each([
    [
      'a medical hold by an officer',
      officer,
      { type: 'PlaceHold', hold: 'MEDICAL_UNFIT', memberId: 'a1' },
      ['ROLE_NOT_ALLOWED:a1'],
    ],
    ['a funding hold by an officer', officer, { type: 'PlaceHold', hold: 'FUNDING_UNAVAILABLE' }, ['ROLE_NOT_ALLOWED']],
    ['lifting a hold that is not there', officer, { type: 'LiftHold', hold: 'BENEFICIARY_PAUSE' }, ['HOLD_NOT_ACTIVE']],
  ] as [string, ReturnType<typeof actor>, CaseCommand, string[]][])('should refuse %s', (_n, by, command, codes) => {
    expect(unmetCodes(attempt(at('READY_FOR_BOOKING'), by, command))).toEqual(codes);
  });

  it('should lift a medical hold only after a new fit result', () => {
    let s = run(at('READY_FOR_BOOKING'), medical, { type: 'PlaceHold', hold: 'MEDICAL_UNFIT', memberId: 'a1' });
    expect(unmetCodes(attempt(s, medical, { type: 'LiftHold', hold: 'MEDICAL_UNFIT', memberId: 'a1' }))).toEqual([
      'FIT_TO_TRAVEL_MISSING:a1',
    ]);
    s = run(
      s,
      medical,
      { type: 'RecordAssessmentResult', memberId: 'a1', assessment: 'MEDICAL', outcome: 'FIT' },
      '2025-03-02T09:00:00.000Z',
    );
    expect(s.holds).toEqual([]);
  });

  it('should lift a protection hold only once the risk is reassessed as acceptable, with a mitigation', () => {
    const lift = { type: 'LiftHold', hold: 'PROTECTION_RISK', memberId: 'a1' } as const;
    const mitigated = { ...lift, mitigation: 'RECEPTION_BY_PARTNER_NGO' } as const;
    const votRisk = (outcome: 'ACCEPTABLE' | 'TOO_HIGH') =>
      ({
        type: 'RecordAssessmentResult',
        memberId: 'a1',
        assessment: 'VOT_RISK',
        outcome,
        ...(outcome === 'ACCEPTABLE' ? { mitigation: 'RECEPTION_BY_PARTNER_NGO' } : {}),
      }) as const;
    // Placed by the focal point with no risk assessment on record: a mitigation alone does not lift it.
    let s = run(at('READY_FOR_BOOKING'), protection, { type: 'PlaceHold', hold: 'PROTECTION_RISK', memberId: 'a1' });
    expect(unmetCodes(attempt(s, protection, lift))).toEqual(['MITIGATION_NOT_RECORDED:a1', 'RISK_NOT_ACCEPTABLE:a1']);
    expect(unmetCodes(attempt(s, protection, mitigated))).toEqual(['RISK_NOT_ACCEPTABLE:a1']);
    // A risk judged too high does not lift it either.
    s = run(s, protection, votRisk('TOO_HIGH'));
    expect(s.holds.map((h) => h.type)).toEqual(['PROTECTION_RISK']);
    expect(unmetCodes(attempt(s, protection, mitigated))).toEqual(['RISK_NOT_ACCEPTABLE:a1']);
    // The reassessment as acceptable lifts it (with its mitigation); a hold placed again after it may then be lifted.
    s = run(s, protection, votRisk('ACCEPTABLE'));
    expect(s.holds).toEqual([]);
    s = run(s, protection, { type: 'PlaceHold', hold: 'PROTECTION_RISK', memberId: 'a1' });
    expect(attempt(s, protection, mitigated).ok).toBe(true);
    expect(run(s, protection, mitigated).holds).toEqual([]);
  });

  it('should lift a protection hold with a mitigation alone in a case whose config predates the rule (replay)', () => {
    const s = run(at('READY_FOR_BOOKING'), protection, { type: 'PlaceHold', hold: 'PROTECTION_RISK', memberId: 'a1' });
    const mitigated = {
      type: 'LiftHold',
      hold: 'PROTECTION_RISK',
      memberId: 'a1',
      mitigation: 'RECEPTION_BY_PARTNER_NGO',
    } as const;
    const before = { protectionLiftNeedsAcceptableRisk: undefined };
    expect(unmetCodes(attempt(s, protection, mitigated, T0, before))).toEqual([]);
    expect(run(s, protection, mitigated, T0, before).holds).toEqual([]);
  });

  it('should lift a case-level protection hold (no member, no risk assessment to ask) with a mitigation', () => {
    const s = run(at('READY_FOR_BOOKING'), protection, { type: 'PlaceHold', hold: 'PROTECTION_RISK' });
    expect(
      attempt(s, protection, { type: 'LiftHold', hold: 'PROTECTION_RISK', mitigation: 'RECEPTION_BY_PARTNER_NGO' }).ok,
    ).toBe(true);
  });

  it('should lift a refusal hold when a new document is issued', () => {
    let s = run(at('DOCUMENTATION'), officer, {
      type: 'RecordDocumentRefused',
      memberId: 'a1',
      documentType: 'LAISSEZ_PASSER',
      reasonCode: 'UNKNOWN_PERSON',
    });
    expect(s.holds.map((h) => h.type)).toEqual(['DOCUMENT_REFUSED']);
    s = run(s, officer, {
      type: 'RecordDocumentIssued',
      memberId: 'a1',
      documentType: 'PASSPORT',
      documentRef: 'p-1',
      expiresOn: '2030-01-01',
    });
    expect(s.holds).toEqual([]);
  });
});

describe('withdrawal', () => {
  it.each(PRE_DEPARTURE_STAGES.map((s) => [s]))('should let the beneficiary withdraw in %s with no reason', (stage) => {
    const s = at(stage);
    const r = attempt(s, officer, { type: 'Withdraw' });
    expect(r.ok).toBe(true);
    const next = run(s, officer, { type: 'Withdraw' });
    expect(next.stage).toBe('WITHDRAWN');
    expect(next.withdrawal?.fromStage).toBe(stage);
  });

  it.each(STAGES.filter((s) => !PRE_DEPARTURE_STAGES.includes(s) && stages[s]).map((s) => [s]))(
    'should not offer withdrawal in %s',
    (stage) => {
      expect(attempt(at(stage), officer, { type: 'Withdraw' }).ok).toBe(false);
    },
  );

  it('should cancel the document and exit requests in flight and record which', () => {
    const s = at('DOCUMENTATION');
    const r = attempt(s, officer, { type: 'Withdraw', reasonCode: 'FAMILY_REASONS' });
    expect(r.ok && r.events[0]).toMatchObject({
      type: 'CaseWithdrawn',
      reasonCode: 'FAMILY_REASONS',
      cancelledDocumentRequests: [{ memberId: 'a1', documentType: 'LAISSEZ_PASSER', authority: 'CONSULATE-SN-RABAT' }],
      cancelledExitAuthorizationRequests: [{ memberId: 'a1', authority: 'DGSN' }],
    });
    const next = run(s, officer, { type: 'Withdraw' });
    expect(next.members[0]?.documents[0]?.status).toBe('CANCELLED');
    expect(next.members[0]?.exitAuthorization?.status).toBe('CANCELLED');
  });

  it('should let one adult withdraw while the others continue, rebooking without them', () => {
    const family = opening([adult('a1'), adult('a2', { relationship: 'SPOUSE' })]);
    let s = toScreening(family);
    s = run(s, officer, { type: 'RecordRapidVulnerabilityScreening', findings: [] });
    s = run(s, officer, declaration('a1'));
    s = run(s, officer, declaration('a2'));
    s = run(s, officer, { type: 'Approve' });
    s = documentEveryone(s, ['a1', 'a2'], '2025-04-30');
    s = run(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true });
    s = run(s, movement, booking('2025-03-10'));
    s = run(s, officer, { type: 'Withdraw', memberIds: ['a2'] });
    expect(s.stage).toBe('READY_FOR_BOOKING');
    expect(s.bookingHistory.at(-1)?.outcome).toBe('MEMBER_WITHDRAWN');
    s = run(s, movement, booking('2025-03-12'));
    expect(s.booking?.travellerIds).toEqual(['a1']);
  });
});

describe('cancellation and re-opening', () => {
  it('should let only a supervisor re-open a cancelled case, within the window', () => {
    const s = at('CANCELLED');
    expect(unmetCodes(attempt(s, officer, { type: 'Reopen' }))).toEqual(['ROLE_NOT_ALLOWED']);
    expect(attempt(s, supervisor, { type: 'Reopen' }).ok).toBe(true);
    expect(unmetCodes(attempt(s, supervisor, { type: 'Reopen' }, '2026-03-10T09:00:00.000Z'))).toEqual([
      'REOPEN_WINDOW_PASSED',
    ]);
    expect(attempt(s, supervisor, { type: 'Reopen' }, '2026-03-10T09:00:00.000Z', { reopenWindowDays: 400 }).ok).toBe(
      true,
    );
  });

  it('should void every earlier declaration on re-opening', () => {
    let s = run(at('APPROVED'), officer, { type: 'Withdraw' });
    expect(s.members[0]?.declaration).not.toBeNull();
    s = run(s, officer, { type: 'Reopen' });
    expect(s.members[0]?.declaration).toBeNull();
    expect(s.approval).toBeUndefined();
    expect(s.eligibility).toBeUndefined();
  });

  it('should re-open a case withdrawn before registration as a referral', () => {
    const s = run(run(at('REFERRED'), officer, { type: 'Withdraw' }), officer, { type: 'Reopen' });
    expect(s.stage).toBe('REFERRED');
  });
});

describe('death of a member', () => {
  const family = opening([adult('a1'), adult('a2', { relationship: 'SPOUSE' }), child('c1', ['a1', 'a2'])]);

  it('should close a pre-departure case when the principal applicant dies', () => {
    const s = run(toScreening(family), officer, { type: 'RecordDeath', memberId: 'a1' });
    expect(s.stage).toBe('CLOSED');
    expect(s.closureReason).toBe('DECEASED');
  });

  it('should keep the case open when a dependant dies', () => {
    const s = run(toScreening(family), officer, { type: 'RecordDeath', memberId: 'a2' });
    expect(s.stage).toBe('SCREENING');
    expect(s.members[1]?.deceased).toBe(true);
    expect(s.members[1]?.travelling).toBe(false);
  });
});
