import {
  availableCommands,
  initialState,
  isTerminal,
  splitOpened,
  toView,
  type CaseSplit,
  type CaseState,
} from './index';
import { applyAccepted, decide } from './decide';
import {
  T0,
  adult,
  attempt,
  booking,
  child,
  context,
  counselling,
  counterpart,
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
  singleAdultReady,
  supervisor,
  toScreening,
  unmetCodes,
} from './test-fixtures';

const departure = {
  type: 'RecordDeparture',
  voluntarinessReconfirmed: true,
  pocketMoney: { amount: 30, currency: 'EUR' },
} as const;

describe('journey: single adult', () => {
  it('should take a single adult from opening to reintegration counselling', () => {
    let s = initialState(opening([adult('a1')]));
    expect(s.stage).toBe('REGISTERED');
    expect(s.version).toBe(1);
    s = singleAdultReady('2025-04-01');
    expect(s.stage).toBe('READY_FOR_BOOKING');
    s = run(s, movement, booking('2025-03-10'));
    expect(s.stage).toBe('BOOKED');
    const day = '2025-03-10T06:00:00.000Z';
    s = run(s, movement, departure, day);
    expect(s.stage).toBe('DEPARTED');
    s = run(s, movement, { type: 'RecordTransit', location: 'CMN' }, day);
    s = run(
      s,
      counterpart,
      { type: 'RecordArrival', receptionRecorded: true, receivingOffice: 'DAKAR' },
      '2025-03-10T14:00:00.000Z',
    );
    expect(s.stage).toBe('ARRIVED');
    s = run(s, counterpart, { type: 'AcknowledgeHandover' }, '2025-03-11T09:00:00.000Z');
    expect(s.stage).toBe('REINTEGRATION_COUNSELLING');
    expect(isTerminal(s)).toBe(false);
    expect(s.version).toBe(17);
    const view = toView(s);
    expect(view.members[0]?.age).toBe(34);
    expect(view.stageEnteredAt).toBe('2025-03-11T09:00:00.000Z');
  });

  it('should open an inbound returnee directly at ARRIVED and let the counterpart acknowledge the handover', () => {
    let s = initialState(
      opening([adult('a1')], {
        startAt: 'ARRIVED',
        hostOffice: 'RABAT',
        countryOfOrigin: 'MA',
        receivingOffice: 'CASABLANCA',
      }),
    );
    expect(s.stage).toBe('ARRIVED');
    expect(unmetCodes(attempt(s, officer, { type: 'AcknowledgeHandover' }))).toEqual(['ROLE_NOT_ALLOWED']);
    s = run(s, counterpart, { type: 'AcknowledgeHandover' });
    expect(s.stage).toBe('REINTEGRATION_COUNSELLING');
  });
});

describe('journey: family of four with a medical case', () => {
  const family = opening([
    adult('a1'),
    adult('a2', { relationship: 'SPOUSE', sex: 'F', dateOfBirth: '1988-11-02' }),
    child('c1', ['a1', 'a2'], '2015-04-20'),
    child('c2', ['a1', 'a2'], '2019-08-09'),
  ]);

  function approvedFamily(): CaseState {
    let s = toScreening(family);
    s = run(s, officer, {
      type: 'RecordRapidVulnerabilityScreening',
      findings: [{ memberId: 'a2', vulnerabilities: ['MEDICAL'] }],
    });
    expect(s.stage).toBe('ASSESSMENT');
    expect(unmetCodes(attempt(s, supervisor, { type: 'Approve' }))).toEqual(['NOT_ALLOWED_IN_STAGE']);
    s = run(s, medical, {
      type: 'RecordAssessmentResult',
      memberId: 'a2',
      assessment: 'MEDICAL',
      outcome: 'FIT_WITH_ESCORT',
    });
    expect(s.stage).toBe('SCREENING');
    s = run(s, officer, declaration('a1'));
    s = run(s, officer, declaration('a2'));
    s = run(s, officer, guardianDeclaration('c1', 'a1'));
    s = run(s, officer, guardianDeclaration('c2', 'a2'));
    expect(unmetCodes(attempt(s, officer, { type: 'Approve' }))).toEqual(['SUPERVISOR_APPROVAL_REQUIRED']);
    s = run(s, supervisor, { type: 'Approve' });
    expect(s.stage).toBe('APPROVED');
    expect(s.approval?.supervisorApproval).toBe(true);
    return s;
  }

  it('should carry documents, fitness and escort per person through to departure', () => {
    let s = approvedFamily();
    s = documentEveryone(s, ['a1', 'a2', 'c1'], '2025-04-15');
    s = documentEveryone(s, ['c2'], '2025-03-20');
    expect(unmetCodes(attempt(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true }))).toEqual([
      'ESCORT_REQUIRED:a2',
    ]);
    s = run(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true, escortArranged: true });
    expect(s.stage).toBe('READY_FOR_BOOKING');

    // Fitness from 2025-03-01 is valid until 2025-03-08; c2's laissez-passer expires on 2025-03-20.
    const at = '2025-03-14T09:00:00.000Z';
    expect(unmetCodes(attempt(s, movement, booking('2025-03-18'), at)).sort()).toEqual(
      ['DOCUMENT_EXPIRES_BEFORE_DEPARTURE:c2', 'ESCORT_REQUIRED:a2', 'FIT_TO_TRAVEL_EXPIRED:a2'].sort(),
    );
    s = run(
      s,
      medical,
      { type: 'RecordAssessmentResult', memberId: 'a2', assessment: 'MEDICAL', outcome: 'FIT_WITH_ESCORT' },
      at,
    );
    expect(s.members.find((m) => m.memberId === 'a2')?.fitToTravel?.validUntil).toBe('2025-03-21');
    expect(unmetCodes(attempt(s, movement, booking('2025-03-18', { escortOnItinerary: true }), at))).toEqual([
      'DOCUMENT_EXPIRES_BEFORE_DEPARTURE:c2',
    ]);
    s = run(s, movement, booking('2025-03-17', { escortOnItinerary: true }), at);
    expect(s.stage).toBe('BOOKED');
    expect(s.booking?.travellerIds).toEqual(['a1', 'a2', 'c1', 'c2']);

    const day = '2025-03-17T05:00:00.000Z';
    expect(unmetCodes(attempt(s, movement, departure, day))).toEqual(['PRE_EMBARKATION_CHECK_MISSING:a2']);
    s = run(s, medical, { type: 'RecordPreEmbarkationCheck', memberId: 'a2', fit: true }, day);
    s = run(s, movement, departure, day);
    expect(s.stage).toBe('DEPARTED');
    expect(s.departure?.travellerIds).toHaveLength(4);
    expect(toView(s).flags).toEqual({ vulnerable: true, uasc: false, medical: true, protection: false });
  });

  it('should cancel the booking and hold the case when the pre-embarkation check finds a traveller unfit', () => {
    let s = approvedFamily();
    s = documentEveryone(s, ['a1', 'a2', 'c1', 'c2'], '2025-04-15');
    s = run(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true, escortArranged: true });
    s = run(s, movement, booking('2025-03-05', { escortOnItinerary: true }));
    s = run(s, medical, { type: 'RecordPreEmbarkationCheck', memberId: 'a2', fit: false }, '2025-03-05T05:00:00.000Z');
    expect(s.stage).toBe('READY_FOR_BOOKING');
    expect(s.booking).toBeUndefined();
    expect(s.holds).toEqual([expect.objectContaining({ type: 'MEDICAL_UNFIT', memberId: 'a2' })]);
    expect(
      unmetCodes(attempt(s, movement, booking('2025-03-07', { escortOnItinerary: true }), '2025-03-05T10:00:00.000Z')),
    ).toEqual(expect.arrayContaining(['HOLD_ACTIVE:a2', 'FIT_TO_TRAVEL_MISSING:a2']));
  });
});

describe('journey: unaccompanied 16-year-old', () => {
  const uasc = opening([child('u1', [], '2008-09-01', { relationship: 'PA', unaccompanied: true })]);

  it('should require BID, family assessment, representative co-signature, escort and a signed handover', () => {
    let s = toScreening(uasc);
    s = run(s, officer, { type: 'RecordRapidVulnerabilityScreening', findings: [] });
    expect(s.stage).toBe('ASSESSMENT');
    expect(s.members[0]?.assessments.map((a) => `${a.assessment}:${a.status}`)).toEqual([
      'BID:PENDING',
      'FAMILY:PENDING',
    ]);
    expect(s.holds.map((h) => h.type)).toEqual(['BID_PENDING']);

    expect(unmetCodes(attempt(s, officer, declaration('u1')))).toEqual(['GUARDIAN_SIGNATURE_REQUIRED:u1']);
    expect(
      unmetCodes(attempt(s, officer, declaration('u1', { signatory: 'GUARDIAN', childViewsRecorded: true }))),
    ).toEqual(['GUARDIAN_NOT_VALID:u1', 'CHILD_CO_SIGNATURE_MISSING:u1']);
    s = run(
      s,
      officer,
      declaration('u1', {
        signatory: 'GUARDIAN',
        representativeRef: 'rep-17',
        childViewsRecorded: true,
        childCoSigned: true,
      }),
    );

    const bid = {
      type: 'RecordAssessmentResult',
      memberId: 'u1',
      assessment: 'BID',
      outcome: 'RETURN_IN_BEST_INTERESTS',
    } as const;
    expect(unmetCodes(attempt(s, medical, bid))).toEqual(['ROLE_NOT_ALLOWED:u1']);
    s = run(s, protection, bid);
    expect(s.holds).toEqual([]);
    expect(s.stage).toBe('ASSESSMENT');
    s = run(s, protection, {
      type: 'RecordAssessmentResult',
      memberId: 'u1',
      assessment: 'FAMILY',
      outcome: 'FAMILY_TRACED_SUITABLE',
    });
    expect(s.stage).toBe('SCREENING');
    expect(unmetCodes(attempt(s, officer, { type: 'Approve' }))).toEqual(['SUPERVISOR_APPROVAL_REQUIRED']);
    s = run(s, supervisor, { type: 'Approve' });

    s = documentEveryone(s, ['u1'], '2025-04-15');
    expect(unmetCodes(attempt(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true }))).toEqual([
      'ESCORT_REQUIRED:u1',
    ]);
    s = run(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true, escortArranged: true });
    expect(unmetCodes(attempt(s, movement, booking('2025-03-10')))).toEqual([
      'CHILD_WITHOUT_GUARDIAN:u1',
      'ESCORT_REQUIRED:u1',
    ]);
    s = run(s, movement, booking('2025-03-10', { escortOnItinerary: true }));
    s = run(s, movement, departure, '2025-03-10T06:00:00.000Z');
    const arrival = { type: 'RecordArrival', receptionRecorded: true, receivingOffice: 'DAKAR' } as const;
    expect(unmetCodes(attempt(s, counterpart, arrival, '2025-03-10T15:00:00.000Z'))).toEqual([
      'UASC_HANDOVER_NOT_SIGNED:u1',
    ]);
    s = run(s, counterpart, { ...arrival, uascHandoverSigned: true }, '2025-03-10T15:00:00.000Z');
    expect(s.stage).toBe('ARRIVED');
  });

  it('should close the booking path for good after a negative best-interests determination: cancel only, with a referral note', () => {
    let s = toScreening(uasc);
    s = run(s, officer, { type: 'RecordRapidVulnerabilityScreening', findings: [] });
    s = run(s, protection, {
      type: 'RecordAssessmentResult',
      memberId: 'u1',
      assessment: 'BID',
      outcome: 'RETURN_NOT_IN_BEST_INTERESTS',
    });
    // Nothing moves the case towards a return any more: no other assessment, declaration, approval or hold.
    const family = {
      type: 'RecordAssessmentResult',
      memberId: 'u1',
      assessment: 'FAMILY',
      outcome: 'FAMILY_TRACED_SUITABLE',
    } as const;
    expect(unmetCodes(attempt(s, protection, family))).toEqual(['BOOKING_PATH_CLOSED:u1']);
    const sign = declaration('u1', { signatory: 'GUARDIAN', representativeRef: 'rep-17', childViewsRecorded: true });
    expect(unmetCodes(attempt(s, officer, sign))).toEqual(['BOOKING_PATH_CLOSED:u1']);
    expect(unmetCodes(attempt(s, officer, { type: 'Withdraw' }))).toEqual(['BOOKING_PATH_CLOSED:u1']);
    const open = availableCommands(s, supervisor, context('2025-02-01T10:00:00.000Z'))
      .filter((a) => a.allowed)
      .map((a) => a.type);
    expect(open).toEqual(['Cancel', 'RecordDeath']);
    // Only with that reason, and a referral note for alternative solutions.
    expect(unmetCodes(attempt(s, supervisor, { type: 'Cancel', reasonCode: 'FRAUD' }))).toEqual([
      'BOOKING_PATH_CLOSED:u1',
    ]);
    expect(unmetCodes(attempt(s, supervisor, { type: 'Cancel', reasonCode: 'RETURN_NOT_IN_BEST_INTERESTS' }))).toEqual([
      'REFERRAL_NOTE_REQUIRED',
    ]);
    const referralNote = {
      referredTo: 'CHILD_PROTECTION_SERVICES',
      solutionCode: 'ALTERNATIVE_CARE',
      noteRef: 'NOTE-7',
    };
    s = run(s, supervisor, { type: 'Cancel', reasonCode: 'RETURN_NOT_IN_BEST_INTERESTS', referralNote });
    expect(s.stage).toBe('CANCELLED');
    expect(s.cancellation).toMatchObject({ reasonCode: 'RETURN_NOT_IN_BEST_INTERESTS', referralNote });
    // For good: the cancellation cannot be re-opened towards a return.
    expect(unmetCodes(attempt(s, supervisor, { type: 'Reopen' }))).toEqual(['BOOKING_PATH_CLOSED']);
  });
});

describe('journey: withdraw after booking, then re-open', () => {
  it('should cancel the booking on withdrawal and require new counselling and a new declaration after re-opening', () => {
    let s = singleAdultReady('2025-04-30');
    s = run(s, movement, booking('2025-03-10'));
    const env = envelope(s, officer, { type: 'Withdraw' }, '2025-03-05T10:00:00.000Z');
    const ctx = context('2025-03-05T10:00:00.000Z');
    const result = decide(s, env, ctx);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.events[0]).toMatchObject({
      type: 'CaseWithdrawn',
      fromStage: 'BOOKED',
      cancelledBooking: { itineraryRef: 'IT-2025-03-10', departureDate: '2025-03-10' },
    });
    s = applyAccepted(s, env, result.events, ctx).state;
    expect(s.stage).toBe('WITHDRAWN');
    expect(s.booking).toBeUndefined();
    expect(s.bookingHistory.at(-1)?.outcome).toBe('WITHDRAWN');
    expect(isTerminal(s)).toBe(false);

    const later = '2025-04-20T09:00:00.000Z';
    s = run(s, officer, { type: 'Reopen' }, later);
    expect(s.stage).toBe('REGISTERED');
    expect(s.members[0]?.declaration).toBeNull();
    expect(s.members[0]?.voidedDeclarations).toBe(1);
    expect(unmetCodes(attempt(s, officer, { type: 'StartScreening' }, later))).toEqual(['NOT_ALLOWED_IN_STAGE']);
    s = run(s, officer, counselling, later);
    s = run(s, officer, { type: 'StartScreening' }, later);
    s = run(s, officer, { type: 'RecordEligibility', eligible: true, ruleId: 'RULE-SN-2025' }, later);
    expect(unmetCodes(attempt(s, officer, { type: 'Approve' }, later))).toEqual(['DECLARATION_NOT_SIGNED:a1']);
    s = run(s, officer, declaration('a1'), later);
    s = run(s, officer, { type: 'Approve' }, later);
    // The laissez-passer and exit authorization obtained before the withdrawal are still usable.
    s = run(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true }, later);
    expect(s.stage).toBe('READY_FOR_BOOKING');
  });
});

describe('journey: no-shows and rebooking past the laissez-passer expiry', () => {
  it('should need a supervisor review and new counselling after the second no-show, then send the case back to documentation', () => {
    let s = singleAdultReady('2025-03-25');
    s = run(s, movement, booking('2025-03-10'));
    s = run(s, movement, { type: 'RecordNoShow' }, '2025-03-10T12:00:00.000Z');
    expect(s.stage).toBe('READY_FOR_BOOKING');
    expect(s.noShowCount).toBe(1);
    s = run(s, movement, booking('2025-03-15'), '2025-03-11T09:00:00.000Z');
    s = run(s, movement, { type: 'RecordNoShow' }, '2025-03-15T12:00:00.000Z');
    expect(s.noShowCount).toBe(2);
    expect(s.stage).toBe('READY_FOR_BOOKING');

    const at = '2025-03-16T09:00:00.000Z';
    expect(unmetCodes(attempt(s, movement, booking('2025-03-20'), at))).toEqual([
      'NO_SHOW_REVIEW_REQUIRED',
      'COUNSELLING_SESSION_MISSING',
    ]);
    expect(unmetCodes(attempt(s, officer, { type: 'RecordNoShowReview', approved: true }, at))).toEqual([
      'ROLE_NOT_ALLOWED',
    ]);
    s = run(s, supervisor, { type: 'RecordNoShowReview', approved: true }, at);
    expect(unmetCodes(attempt(s, movement, booking('2025-03-20'), at))).toEqual(['COUNSELLING_SESSION_MISSING']);
    s = run(s, officer, counselling, at);
    expect(unmetCodes(attempt(s, movement, booking('2025-03-23'), at))).toEqual([
      'DOCUMENT_EXPIRES_BEFORE_DEPARTURE:a1',
    ]);
    s = run(s, movement, booking('2025-03-22'), at);
    expect(s.stage).toBe('BOOKED');

    const change = {
      type: 'ChangeBooking',
      departureDate: '2025-03-28',
      itineraryRef: 'IT-2',
      fundsAvailable: true,
      ticketed: true,
    } as const;
    expect(unmetCodes(attempt(s, movement, change, at))).toEqual(['DOCUMENT_EXPIRES_BEFORE_DEPARTURE:a1']);
    s = run(s, movement, { ...change, fallbackToDocumentation: true }, at);
    expect(s.stage).toBe('DOCUMENTATION');
    expect(s.booking).toBeUndefined();
    expect(s.members[0]?.documents.map((d) => d.status)).toEqual(['RENEWAL_REQUIRED']);

    s = run(
      s,
      officer,
      {
        type: 'RequestTravelDocument',
        memberId: 'a1',
        documentType: 'LAISSEZ_PASSER',
        authority: 'CONSULATE-SN-RABAT',
        transferConsentRef: 'tr-2',
      },
      at,
    );
    s = run(
      s,
      officer,
      {
        type: 'RecordDocumentIssued',
        memberId: 'a1',
        documentType: 'LAISSEZ_PASSER',
        documentRef: 'doc-2',
        expiresOn: '2025-04-20',
      },
      at,
    );
    s = run(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true }, at);
    s = run(s, movement, booking('2025-03-28'), at);
    expect(s.stage).toBe('BOOKED');
    expect(s.bookingHistory.map((b) => b.outcome)).toEqual(['NO_SHOW', 'NO_SHOW', 'DOCUMENT_EXPIRES_BEFORE_DEPARTURE']);
  });

  it('should send a no-show back to documentation when the documents can no longer serve a departure', () => {
    let s = singleAdultReady('2025-03-12');
    s = run(s, movement, booking('2025-03-09'));
    s = run(s, movement, { type: 'RecordNoShow' }, '2025-03-10T12:00:00.000Z');
    expect(s.stage).toBe('DOCUMENTATION');
    expect(s.members[0]?.documents[0]?.status).toBe('RENEWAL_REQUIRED');
  });
});

describe('journey: split a household', () => {
  const family = opening([
    adult('a1'),
    adult('a2', { relationship: 'SPOUSE', sex: 'F', dateOfBirth: '1988-11-02' }),
    child('c1', ['a1', 'a2'], '2015-04-20'),
    child('c2', ['a2'], '2019-08-09'),
  ]);

  it('should move the withdrawing adult and the children only they guard into a new case', () => {
    let s = toScreening(family);
    s = run(s, officer, { type: 'Withdraw', memberIds: ['a2'] });
    expect(s.stage).toBe('SCREENING');
    expect(s.members.find((m) => m.memberId === 'a2')?.travelling).toBe(false);
    const env = envelope(s, officer, { type: 'SplitCase', memberIds: ['a2'], newCaseId: 'case-2' }, T0);
    const result = decide(s, env, context());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const split = result.events.find((e): e is CaseSplit => e.type === 'CaseSplit');
    expect(split?.memberIds).toEqual(['a2', 'c2']);
    s = applyAccepted(s, env, result.events, context()).state;
    expect(s.members.map((m) => m.memberId)).toEqual(['a1', 'c1']);
    expect(s.members.find((m) => m.memberId === 'c1')?.guardianMemberIds).toEqual(['a1']);
    expect(s.splits).toEqual([{ newCaseId: 'case-2', memberIds: ['a2', 'c2'], effectiveAt: T0 }]);

    const opened = splitOpened(s, split as CaseSplit);
    expect(opened).toMatchObject({
      caseId: 'case-2',
      reference: 'MA-2025-0001-S1',
      splitFrom: { caseId: 'case-1', reference: 'MA-2025-0001' },
    });
    const other = initialState(opened);
    expect(other.stage).toBe('REGISTERED');
    expect(other.members.map((m) => [m.memberId, m.relationship, m.guardianMemberIds])).toEqual([
      ['a2', 'PA', []],
      ['c2', 'CHILD', ['a2']],
    ]);
    expect(JSON.stringify(opened)).not.toMatch(/name|phone|address/i);
  });

  it('should make the remaining adult the principal applicant when the PA splits out', () => {
    let s = toScreening(family);
    s = run(s, officer, { type: 'SplitCase', memberIds: ['a1'], newCaseId: 'case-3' });
    expect(s.members.map((m) => [m.memberId, m.relationship])).toEqual([
      ['a2', 'PA'],
      ['c1', 'CHILD'],
      ['c2', 'CHILD'],
    ]);
  });

  it('should refuse to split every member out of the case', () => {
    const s = toScreening(family);
    const r = attempt(s, officer, { type: 'SplitCase', memberIds: ['a1', 'a2'], newCaseId: 'case-4' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection.code).toBe('INVALID_COMMAND');
  });
});
