import { needsEscort } from './queries';
import { defaultDomainConfig } from './config';
import { toView } from './view';
import {
  T0,
  adult,
  attempt,
  documentEveryone,
  medical,
  officer,
  opening,
  protection,
  run,
  supervisor,
  toScreening,
  unmetCodes,
  declaration,
} from './test-fixtures';
import type { CaseState } from './state';

/** The escort need follows the latest result of each assessment (AVRR.md §14 rule 3: checked again on every change). */
describe('escort need after a reassessment', () => {
  function medicalCase(): CaseState {
    let s = toScreening(opening([adult('a1')]));
    s = run(s, officer, {
      type: 'RecordRapidVulnerabilityScreening',
      findings: [{ memberId: 'a1', vulnerabilities: ['MEDICAL'] }],
    });
    return run(s, medical, {
      type: 'RecordAssessmentResult',
      memberId: 'a1',
      assessment: 'MEDICAL',
      outcome: 'FIT_WITH_ESCORT',
    });
  }

  it('should no longer need an escort when the medical officer reassesses the member as FIT', () => {
    let s = medicalCase();
    expect(s.members[0]?.escortRequired).toBe(true);
    s = run(s, medical, { type: 'RecordAssessmentResult', memberId: 'a1', assessment: 'MEDICAL', outcome: 'FIT' });
    expect(s.members[0]?.escortRequired).toBe(false);
    expect(needsEscort(s, T0, defaultDomainConfig)).toEqual([]);
    expect(toView(s).members[0]).toMatchObject({
      escortRequired: false,
      fitToTravel: { fit: true, escortRequired: false },
    });
  });

  it('should let the case be ready for booking without an escort after that reassessment', () => {
    let s = medicalCase();
    s = run(s, officer, declaration('a1'));
    s = run(s, supervisor, { type: 'Approve' });
    s = documentEveryone(s, ['a1'], '2025-04-01');
    expect(unmetCodes(attempt(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true }))).toEqual([
      'ESCORT_REQUIRED:a1',
    ]);
    s = run(s, medical, { type: 'RecordAssessmentResult', memberId: 'a1', assessment: 'MEDICAL', outcome: 'FIT' });
    expect(unmetCodes(attempt(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true }))).toEqual([]);
  });

  it('should keep the escort another assessment asked for', () => {
    let s = toScreening(opening([adult('a1')]));
    s = run(s, officer, {
      type: 'RecordRapidVulnerabilityScreening',
      findings: [{ memberId: 'a1', vulnerabilities: ['MEDICAL', 'VOT'] }],
    });
    s = run(s, protection, {
      type: 'RecordAssessmentResult',
      memberId: 'a1',
      assessment: 'VOT_RISK',
      outcome: 'ACCEPTABLE',
      mitigation: 'ESCORTED-RETURN',
      escortRequired: true,
    });
    s = run(s, medical, { type: 'RecordAssessmentResult', memberId: 'a1', assessment: 'MEDICAL', outcome: 'FIT' });
    expect(s.members[0]?.escortRequired).toBe(true);
  });

  it('should need an escort again when a later result asks for one', () => {
    let s = medicalCase();
    s = run(s, medical, { type: 'RecordAssessmentResult', memberId: 'a1', assessment: 'MEDICAL', outcome: 'FIT' });
    s = run(s, medical, {
      type: 'RecordAssessmentResult',
      memberId: 'a1',
      assessment: 'MEDICAL',
      outcome: 'FIT_WITH_ESCORT',
    });
    expect(s.members[0]?.escortRequired).toBe(true);
  });
});
