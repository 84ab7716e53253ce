import { addDays, ageOn, initialState, isIsoDate, isTerminal, toView, validateOpening } from './index';
import { adult, child, opening, statesByStage } from './test-fixtures';

describe('ageOn', () => {
  it.each([
    ['2007-03-15', '2025-03-14', 17],
    ['2007-03-15', '2025-03-15', 18],
    ['2007-03-15', '2025-03-15T23:30:00.000Z', 18],
    ['2004-02-29', '2022-02-28', 17],
    ['2004-02-29', '2022-03-01', 18],
    ['2004-02-29', '2024-02-29', 20],
  ])('should give the age of someone born %s on %s as %i', (dob, on, age) => {
    expect(ageOn(dob, on)).toBe(age);
  });

  it('should add days across month ends and validate dates', () => {
    expect(addDays('2025-02-27', 3)).toBe('2025-03-02');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
  });
});

describe('toView', () => {
  it('should show a household with computed ages, needs flags and no personal data', () => {
    const s = initialState(
      opening([adult('a1'), child('c1', [], '2012-06-01', { unaccompanied: true, relationship: 'OTHER_RELATIVE' })]),
    );
    const view = toView(s);
    expect(view.members.map((m) => [m.memberId, m.age, m.isChild, m.dataConsent])).toEqual([
      ['a1', 34, false, true],
      ['c1', 12, true, true],
    ]);
    expect(view.flags).toEqual({ vulnerable: true, uasc: true, medical: false, protection: false });
    expect(view).toMatchObject({
      caseId: 'case-1',
      stage: 'REGISTERED',
      version: 1,
      referralSource: 'WALK_IN',
      noShowCount: 0,
    });
    expect(JSON.stringify(view)).not.toMatch(/name|phone|address|diagnos/i);
  });

  it('should show the booking, and the closure of a terminal case', () => {
    const st = statesByStage();
    expect(toView(st.BOOKED!).booking).toMatchObject({
      itineraryRef: 'IT-2025-03-10',
      departureDate: '2025-03-10',
      travellerIds: ['a1'],
    });
    expect(toView(st.CLOSED!)).toMatchObject({ stage: 'CLOSED', closureReason: 'DECEASED' });
    expect(isTerminal(st.CLOSED!)).toBe(true);
    expect(isTerminal(st.WITHDRAWN!)).toBe(false);
    expect(isTerminal(st.CANCELLED!)).toBe(false);
    expect(toView(st.CANCELLED!)).toMatchObject({ cancellationReason: 'FRAUD' });
  });
});

describe('validateOpening', () => {
  it('should accept a sound opening and list the problems of a broken one', () => {
    expect(validateOpening(opening([adult('a1'), child('c1', ['a1'])]))).toEqual([]);
    expect(
      validateOpening(
        opening([adult('a1'), adult('a1', { dateOfBirth: '2030-01-01' }), child('c1', ['zz'])], {
          countryOfOrigin: 'Senegal',
        }),
      ),
    ).toEqual([
      'countryOfOrigin must be an ISO 3166 alpha-2 code.',
      'member a1: memberId is not unique.',
      'member a1: dateOfBirth is in the future.',
      'member c1: guardian zz is not another member of the case.',
      'At most one member is the principal applicant.',
    ]);
  });
});
