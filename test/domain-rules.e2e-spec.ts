import { randomUUID } from 'node:crypto';
import { familyOfFour, singleAdult } from './helpers/households';
import {
  booking,
  bornYearsAgo,
  CaseDriver,
  counselling,
  days,
  documentMembers,
  eligible,
  selfDeclaration,
  toScreening,
} from './helpers/journey';
import { STACK_START_TIMEOUT_MS, TestStack } from './helpers/stack';

/**
 * Domain rules of issue 10 item 5 through the API and the workflow: a child registered alone is on the UASC path
 * with the BID hold from registration on; a negative BID closes the booking path (cancel only, with a referral
 * note, never re-opened); the protection focal point records findings and a risk judged too high gets its
 * reassessment date; a nationality is declared until a consulate confirms it.
 */
describe('domain rules (issue 10 item 5)', () => {
  let stack: TestStack;
  const officer = 'officer.rabat';
  const protection = 'protection.rabat';
  const supervisor = 'supervisor.rabat';

  beforeAll(async () => {
    stack = await TestStack.start();
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.stop();
  });

  it('should put a child registered without a guardian on the UASC path at registration, and close the booking path after a negative BID', async () => {
    const household = {
      hostOffice: 'MA-RBA',
      countryOfOrigin: 'GN',
      referralSource: 'NGO',
      members: [
        {
          givenName: 'Sekou',
          familyName: `Conde-${randomUUID().slice(0, 6)}`,
          sex: 'M',
          dateOfBirth: bornYearsAgo(14),
          relationship: 'PA',
          nationality: 'GN',
          languages: ['fr'],
          // Not flagged unaccompanied at intake: the rule derives it from the missing guardian.
          dataConsent: { given: true, signatory: 'GUARDIAN', formVersion: 'DP-2026-1', language: 'fr' },
        },
      ],
    };
    const c = await CaseDriver.open(stack, officer, household, ['child']);
    expect(c.stage).toBe('REGISTERED');
    expect(c.member('child').vulnerabilities).toEqual(['UASC']);
    expect(c.view.holds).toEqual([expect.objectContaining({ type: 'BID_PENDING', memberId: c.id('child') })]);

    await toScreening(c);
    await c.run(protection, 'RecordAssessmentResult', {
      memberId: c.id('child'),
      assessment: 'BID',
      outcome: 'RETURN_NOT_IN_BEST_INTERESTS',
    });
    await c.expectRejected(officer, 'RecordCounsellingSession', counselling, 422, 'REQUIREMENTS_NOT_MET', [
      'BOOKING_PATH_CLOSED:child',
    ]);
    await c.expectRejected(supervisor, 'Cancel', { reasonCode: 'FRAUD' }, 422, 'REQUIREMENTS_NOT_MET', [
      'BOOKING_PATH_CLOSED:child',
    ]);
    await c.expectRejected(
      supervisor,
      'Cancel',
      { reasonCode: 'RETURN_NOT_IN_BEST_INTERESTS' },
      422,
      'REQUIREMENTS_NOT_MET',
      ['REFERRAL_NOTE_REQUIRED'],
    );
    const referralNote = {
      referredTo: 'CHILD_PROTECTION_SERVICES',
      solutionCode: 'ALTERNATIVE_CARE',
      noteRef: 'NOTE-1',
    };
    await c.run(supervisor, 'Cancel', { reasonCode: 'RETURN_NOT_IN_BEST_INTERESTS', referralNote });
    expect(c.stage).toBe('CANCELLED');
    const [cancelled] = (await c.history(supervisor)).slice(-1);
    expect(cancelled.events[0]).toMatchObject({ type: 'CaseCancelled', referralNote });
    await c.expectRejected(supervisor, 'Reopen', {}, 422, 'REQUIREMENTS_NOT_MET', ['BOOKING_PATH_CLOSED']);
  });

  it('should record protection findings, schedule the reassessment of a risk too high, and keep a nationality declared until confirmed', async () => {
    // Registered as Malian; the interview then declares Guinean and the consulate confirms it.
    const household = singleAdult();
    const c = await CaseDriver.open(
      stack,
      officer,
      { ...household, members: household.members.map((m) => ({ ...m, nationality: 'ML' })) },
      ['pa'],
    );
    const nationalityOf = async () =>
      (
        await stack.db.query(
          `SELECT i.nationality_declared AS declared, i.nationality_confirmed AS confirmed,
                  (SELECT r.nationality FROM report_individuals r WHERE r.case_id = m.case_id
                     AND r.member_id = m.id::text) AS reported
             FROM case_members m JOIN individuals i ON i.id = m.individual_id WHERE m.id = $1`,
          [c.id('pa')],
        )
      ).rows[0];
    expect(await nationalityOf()).toEqual({ declared: 'ML', confirmed: null, reported: 'ML' });
    await c.run(officer, 'RecordCounsellingSession', counselling);
    await c.run(officer, 'StartScreening', {});
    await c.run(officer, 'RecordEligibility', eligible);
    await c.expectRejected(
      officer,
      'RecordProtectionFinding',
      { memberId: c.id('pa'), finding: 'VOT' },
      403,
      'ROLE_NOT_ALLOWED',
    );
    await c.run(protection, 'RecordProtectionFinding', { memberId: c.id('pa'), finding: 'VOT' });
    expect(c.stage).toBe('ASSESSMENT');
    expect(c.view.holds).toEqual([expect.objectContaining({ type: 'PROTECTION_RISK', memberId: c.id('pa') })]);
    await c.run(protection, 'RecordAssessmentResult', {
      memberId: c.id('pa'),
      assessment: 'VOT_RISK',
      outcome: 'TOO_HIGH',
    });
    const vot = c.member('pa').assessments.find((a: { assessment: string }) => a.assessment === 'VOT_RISK');
    expect(vot).toMatchObject({ outcome: 'TOO_HIGH', validUntil: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    // A mitigation alone does not lift the protection hold: the risk must be reassessed as acceptable (AVRR.md §5.2).
    await c.expectRejected(
      protection,
      'LiftHold',
      { hold: 'PROTECTION_RISK', memberId: c.id('pa'), mitigation: 'SAFE-RECEPTION-ARRANGED' },
      422,
      'REQUIREMENTS_NOT_MET',
      ['RISK_NOT_ACCEPTABLE:pa'],
    );
    expect(c.view.holds).toEqual([expect.objectContaining({ type: 'PROTECTION_RISK', memberId: c.id('pa') })]);

    await c.run(officer, 'RecordNationality', { memberId: c.id('pa'), nationality: 'GN', status: 'DECLARED' });
    expect(c.member('pa').nationality).toEqual({ status: 'DECLARED', declared: 'GN' });
    // The person's record and the reports follow the case (the nationality breakdown reads the record).
    expect(await nationalityOf()).toEqual({ declared: 'GN', confirmed: null, reported: 'GN' });
    await c.expectRejected(
      officer,
      'RecordNationality',
      { memberId: c.id('pa'), nationality: 'GN', status: 'CONFIRMED' },
      422,
      'INVALID_COMMAND',
    );
    await c.run(officer, 'RecordNationality', {
      memberId: c.id('pa'),
      nationality: 'GN',
      status: 'CONFIRMED',
      authority: 'CONSULATE_GN_RABAT',
    });
    expect(c.member('pa').nationality).toMatchObject({ status: 'CONFIRMED', declared: 'GN', confirmed: 'GN' });
    expect(await nationalityOf()).toEqual({ declared: 'GN', confirmed: 'GN', reported: 'GN' });
  });

  it('should mark a dependant who dies before departure, let the others go on, and end the booking to book them again', async () => {
    const couple = { ...familyOfFour(), members: familyOfFour().members.slice(0, 2) };
    const c = await CaseDriver.open(stack, officer, couple, ['pa', 'spouse']);
    await toScreening(c);
    await c.run(officer, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('pa')));
    await c.run(officer, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('spouse')));
    await c.run(officer, 'Approve', {});
    await documentMembers(c, ['pa', 'spouse'], days(60));
    await c.run(officer, 'MarkReadyForBooking', { receptionConfirmed: true });
    const first = booking(days(10));
    await c.run('movement.rabat', 'ConfirmBooking', first);
    expect(c.view.booking.travellerIds.sort()).toEqual([c.id('pa'), c.id('spouse')].sort());

    await c.run(officer, 'RecordDeath', { memberId: c.id('spouse') });
    expect(c.member('spouse')).toMatchObject({ deceased: true, travelling: false });
    expect(c.member('pa')).toMatchObject({ deceased: false, travelling: true });
    expect(c.stage).toBe('READY_FOR_BOOKING');
    expect(c.view.booking ?? null).toBeNull();
    const [entry] = (await c.history()).slice(-1);
    expect(entry.events.find((e: any) => e.type === 'BookingCancelled')).toMatchObject({
      itineraryRef: first.itineraryRef,
      reason: 'DECEASED',
    });
    // The ended booking's tickets: the movement assistant's task, until recorded as cancelled with the carrier.
    const tasks = await stack.request('GET', `/me/tasks?caseId=${c.caseId}`, { as: 'movement.rabat' });
    expect(tasks.body.items).toEqual([expect.objectContaining({ kind: 'CANCEL_TICKET', subject: first.itineraryRef })]);
    await c.run('movement.rabat', 'RecordTicketCancellation', { itineraryRef: first.itineraryRef });

    const second = booking(days(12));
    await c.run('movement.rabat', 'ConfirmBooking', second);
    expect(c.view.booking).toMatchObject({ itineraryRef: second.itineraryRef, travellerIds: [c.id('pa')] });
  });
});
