import {
  ENDED_STAGES,
  isClosed,
  isEnded,
  isOutOfProcess,
  isPostArrival,
  isPreDeparture,
  OPEN_STAGES,
  OUT_OF_PROCESS_STAGES,
  RECEIVING_OFFICE_STAGES,
  STAGES,
} from './stages';

describe('stage sets (AVRR.md §5.1)', () => {
  it('should call only CLOSED closed (terminal)', () => {
    expect(STAGES.filter(isClosed)).toEqual(['CLOSED']);
  });

  it('should call WITHDRAWN and CANCELLED out of process, not closed', () => {
    expect(STAGES.filter(isOutOfProcess)).toEqual(['WITHDRAWN', 'CANCELLED']);
    expect(OUT_OF_PROCESS_STAGES.some(isClosed)).toBe(false);
  });

  it('should call closed and out-of-process stages ended, and every other stage open', () => {
    expect(STAGES.filter(isEnded)).toEqual(['CLOSED', 'WITHDRAWN', 'CANCELLED']);
    expect([...OPEN_STAGES, ...ENDED_STAGES].sort()).toEqual([...STAGES].sort());
    expect(OPEN_STAGES.some(isEnded)).toBe(false);
  });

  it('should split the open stages into pre-departure (1-9), DEPARTED and post-arrival (11-15)', () => {
    expect(STAGES.filter(isPreDeparture)).toHaveLength(9);
    expect(STAGES.filter(isPostArrival)).toEqual([
      'ARRIVED',
      'REINTEGRATION_COUNSELLING',
      'PLAN_AGREED',
      'ASSISTANCE_IN_PROGRESS',
      'MONITORING',
    ]);
    expect(OPEN_STAGES.filter((s) => !isPreDeparture(s) && !isPostArrival(s))).toEqual(['DEPARTED']);
  });

  it('should show a receiving office its cases from arrival on, closed ones included', () => {
    expect(RECEIVING_OFFICE_STAGES).toEqual([
      'ARRIVED',
      'REINTEGRATION_COUNSELLING',
      'PLAN_AGREED',
      'ASSISTANCE_IN_PROGRESS',
      'MONITORING',
      'CLOSED',
    ]);
  });

  it('should list every stage once, in the order of the brief (1-16, then the two out-of-process stages)', () => {
    expect(STAGES).toEqual([
      'REFERRED',
      'REGISTERED',
      'COUNSELLING',
      'SCREENING',
      'ASSESSMENT',
      'APPROVED',
      'DOCUMENTATION',
      'READY_FOR_BOOKING',
      'BOOKED',
      'DEPARTED',
      'ARRIVED',
      'REINTEGRATION_COUNSELLING',
      'PLAN_AGREED',
      'ASSISTANCE_IN_PROGRESS',
      'MONITORING',
      'CLOSED',
      'WITHDRAWN',
      'CANCELLED',
    ]);
  });
});
