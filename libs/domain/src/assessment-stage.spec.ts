import { availableCommands } from './requirements';
import {
  adult,
  attempt,
  child,
  context,
  medical,
  officer,
  opening,
  run,
  supervisor,
  toScreening,
  unmetCodes,
} from './test-fixtures';
import type { CaseState } from './state';

/**
 * A case in ASSESSMENT waits for the results of the assessments its travellers need. When the only member with a
 * pending assessment leaves the travelling household, no result can be recorded for them any more (they are not a
 * traveller), so the case must go back to SCREENING instead of staying in ASSESSMENT for ever.
 */
describe('ASSESSMENT when the member being assessed leaves the household', () => {
  function familyInAssessment(): CaseState {
    let s = toScreening(
      opening([adult('a1'), adult('a2', { relationship: 'SPOUSE', sex: 'F' }), child('c1', ['a1', 'a2'])]),
    );
    s = run(s, officer, {
      type: 'RecordRapidVulnerabilityScreening',
      findings: [{ memberId: 'a2', vulnerabilities: ['MEDICAL'] }],
    });
    expect(s.stage).toBe('ASSESSMENT');
    return s;
  }

  it('should return to SCREENING when that member withdraws', () => {
    const s = run(familyInAssessment(), officer, { type: 'Withdraw', memberIds: ['a2'] });
    expect(s.stage).toBe('SCREENING');
    expect(availableCommands(s, supervisor, context()).find((a) => a.type === 'Approve')).toMatchObject({
      allowed: false,
    });
  });

  it('should return to SCREENING when that member is split off into a case of their own', () => {
    const s = run(familyInAssessment(), officer, { type: 'SplitCase', memberIds: ['a2'], newCaseId: 'case-2' });
    expect(s.stage).toBe('SCREENING');
  });

  it('should return to SCREENING when that member dies', () => {
    const s = run(familyInAssessment(), officer, { type: 'RecordDeath', memberId: 'a2' });
    expect(s.stage).toBe('SCREENING');
  });

  it('should stay in ASSESSMENT while another traveller still waits for a result', () => {
    let s = toScreening(opening([adult('a1'), adult('a2', { relationship: 'SPOUSE', sex: 'F' })]));
    s = run(s, officer, {
      type: 'RecordRapidVulnerabilityScreening',
      findings: [
        { memberId: 'a1', vulnerabilities: ['MEDICAL'] },
        { memberId: 'a2', vulnerabilities: ['MEDICAL'] },
      ],
    });
    s = run(s, officer, { type: 'Withdraw', memberIds: ['a2'] });
    expect(s.stage).toBe('ASSESSMENT');
    s = run(s, medical, { type: 'RecordAssessmentResult', memberId: 'a1', assessment: 'MEDICAL', outcome: 'FIT' });
    expect(s.stage).toBe('SCREENING');
  });

  it('should record the move back to SCREENING as a StageChanged event of the same change', () => {
    const s = familyInAssessment();
    const result = attempt(s, officer, { type: 'Withdraw', memberIds: ['a2'] });
    expect(unmetCodes(result)).toEqual([]);
    expect(result.ok && result.events.map((e) => e.type)).toEqual(['MembersWithdrawn', 'StageChanged']);
  });

  it('should not move a case that is not in ASSESSMENT', () => {
    let s = toScreening(opening([adult('a1'), adult('a2', { relationship: 'SPOUSE', sex: 'F' })]));
    s = run(s, officer, { type: 'Withdraw', memberIds: ['a2'] });
    expect(s.stage).toBe('SCREENING');
  });
});
