import type { CaseCommand } from './commands';
import {
  adult,
  attempt,
  declaration,
  officer,
  opening,
  run,
  supervisor,
  toScreening,
  unmetCodes,
  T0,
} from './test-fixtures';
import { defaultDomainConfig } from './config';
import { toView } from './view';

const EARLIER = '00000000-0000-4000-8000-0000000000e1';
const decision = (d: 'NEW_PERSON' | 'SAME_PERSON', assisted: boolean): CaseCommand => ({
  type: 'RecordDuplicateDecision',
  candidateCaseId: EARLIER,
  decision: d,
  candidateReference: 'MA-RBA-2025-E1',
  candidateAssisted: assisted,
});

function readyToApprove() {
  let s = toScreening(opening([adult('a1')]));
  s = run(s, officer, { type: 'RecordRapidVulnerabilityScreening', findings: [] });
  return run(s, officer, declaration('a1'));
}

describe('repeat applicant (issue 11 item 6)', () => {
  it('approval is open before any duplicate decision', () => {
    expect(attempt(readyToApprove(), officer, { type: 'Approve' }).ok).toBe(true);
  });

  it('SAME_PERSON as a case that departed needs a supervisor exception before Approve (default rule)', () => {
    let s = run(readyToApprove(), officer, decision('SAME_PERSON', true));
    expect(s.repeatApplicant).toEqual({ candidateReferences: ['MA-RBA-2025-E1'] });
    expect(unmetCodes(attempt(s, officer, { type: 'Approve' }))).toEqual(['REPEAT_APPLICANT_EXCEPTION_REQUIRED']);
    expect(unmetCodes(attempt(s, supervisor, { type: 'Approve' }))).toEqual(['REPEAT_APPLICANT_EXCEPTION_REQUIRED']);
    // Only a supervisor records the exception.
    expect(attempt(s, officer, { type: 'RecordRepeatApplicantException', reason: 'PROTECTION_NEED' }).ok).toBe(false);
    s = run(s, supervisor, { type: 'RecordRepeatApplicantException', reason: 'PROTECTION_NEED' });
    expect(s.repeatApplicant?.exception).toEqual({
      reason: 'PROTECTION_NEED',
      byUserId: 'user-supervisor',
      recordedAt: T0,
    });
    expect(attempt(s, officer, { type: 'Approve' }).ok).toBe(true);
  });

  it('tells the case view whether a supervisor exception is still needed, and which one was recorded', () => {
    expect(toView(readyToApprove()).repeatApplicant).toBeUndefined();
    let s = run(readyToApprove(), officer, decision('SAME_PERSON', true));
    expect(toView(s).repeatApplicant).toEqual({
      candidateReferences: ['MA-RBA-2025-E1'],
      rule: 'SUPERVISOR_EXCEPTION',
      exceptionRequired: true,
    });
    expect(toView(s, { ...defaultDomainConfig, repeatApplicant: 'ALLOWED' }).repeatApplicant).toMatchObject({
      rule: 'ALLOWED',
      exceptionRequired: false,
    });
    s = run(s, supervisor, { type: 'RecordRepeatApplicantException', reason: 'PROTECTION_NEED' });
    expect(toView(s).repeatApplicant).toEqual({
      candidateReferences: ['MA-RBA-2025-E1'],
      rule: 'SUPERVISOR_EXCEPTION',
      exceptionRequired: false,
      exception: { reason: 'PROTECTION_NEED', recordedAt: T0 },
    });
    // NEW_PERSON after all: no longer a repeat applicant.
    expect(toView(run(s, officer, decision('NEW_PERSON', true))).repeatApplicant).toBeUndefined();
  });

  it.each([
    ['ALLOWED', []],
    ['NOT_ELIGIBLE', ['REPEAT_APPLICANT_NOT_ELIGIBLE']],
    ['SUPERVISOR_EXCEPTION', ['REPEAT_APPLICANT_EXCEPTION_REQUIRED']],
  ] as const)('with repeatApplicant %s, Approve needs %j', (rule, codes) => {
    const s = run(readyToApprove(), officer, decision('SAME_PERSON', true));
    expect(unmetCodes(attempt(s, officer, { type: 'Approve' }, T0, { repeatApplicant: rule }))).toEqual(codes);
  });

  it('SAME_PERSON with an open earlier case, or NEW_PERSON, is no repeat application', () => {
    const open = run(readyToApprove(), officer, decision('SAME_PERSON', false));
    expect(open.repeatApplicant).toBeUndefined();
    expect(open.duplicateDecisions).toEqual([
      { candidateCaseId: EARLIER, candidateReference: 'MA-RBA-2025-E1', decision: 'SAME_PERSON' },
    ]);
    expect(attempt(open, officer, { type: 'Approve' }).ok).toBe(true);
    expect(unmetCodes(attempt(open, supervisor, { type: 'RecordRepeatApplicantException', reason: 'OTHER' }))).toEqual([
      'NOT_A_REPEAT_APPLICANT',
    ]);
  });

  it('a later NEW_PERSON decision on the same candidate undoes the repeat application', () => {
    let s = run(readyToApprove(), officer, decision('SAME_PERSON', true));
    s = run(s, officer, decision('NEW_PERSON', true));
    expect(s.repeatApplicant).toBeUndefined();
    expect(s.duplicateDecisions?.map((d) => d.decision)).toEqual(['NEW_PERSON']);
  });

  it('refuses a malformed decision', () => {
    const r = attempt(readyToApprove(), officer, {
      ...decision('SAME_PERSON', true),
      candidateCaseId: 'x',
    } as CaseCommand);
    expect(r.ok).toBe(false);
  });
});
