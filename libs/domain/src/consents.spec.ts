import { consentGiven, currentConsent, rssConsentWithdrawn } from './consents';
import { readerOf, discloseCase, discloseEvent } from './disclosure';
import type { CaseCommand } from './commands';
import { planReminders } from './reminders';
import type { CaseState } from './state';
import {
  adult,
  attempt,
  counterpart,
  declaration,
  officer,
  opening,
  run,
  statesByStage,
  toScreening,
  unmetCodes,
} from './test-fixtures';
import { toView } from './view';
import { initialState } from './evolve';

const consent = (purpose: string, over: Partial<Record<string, unknown>> = {}): CaseCommand =>
  ({
    type: 'RecordConsent',
    memberId: 'a1',
    purpose,
    formVersion: 'F-1',
    language: 'wo',
    interpreterUsed: true,
    signatory: 'SELF',
    thumbprint: true,
    capacityConcern: false,
    ...over,
  }) as CaseCommand;

const handedOver = (): CaseState => statesByStage().REINTEGRATION_COUNSELLING as CaseState;
const rss: CaseCommand = {
  type: 'RecordRss',
  instrumentVersion: 'RSS-1',
  timing: 'BASELINE',
  mode: 'IN_PERSON',
  answers: { ECO_SATISFACTION: 4 },
};

describe('consents per purpose', () => {
  it('should record each purpose separately with language, interpreter, signatory, thumbprint and capacity concern', () => {
    let s = statesByStage().REGISTERED as CaseState;
    s = run(s, officer, consent('RSS_INTERVIEW'));
    s = run(s, officer, consent('PHOTOS_BIOMETRICS', { capacityConcern: true }));
    expect(currentConsent(s, 'a1', 'RSS_INTERVIEW')).toMatchObject({
      consentRef: 'a1.RSS_INTERVIEW.1',
      language: 'wo',
      interpreterUsed: true,
      signatory: 'SELF',
      thumbprint: true,
      capacityConcern: false,
      status: 'GIVEN',
    });
    expect(currentConsent(s, 'a1', 'PHOTOS_BIOMETRICS')?.capacityConcern).toBe(true);
    expect(consentGiven(s, 'a1', 'UNHCR_NOTIFICATION')).toBe(false);
  });

  it('should keep every version: a new form version supersedes the earlier record without erasing it', () => {
    let s = statesByStage().REGISTERED as CaseState;
    s = run(s, officer, consent('RSS_INTERVIEW'));
    s = run(s, officer, consent('RSS_INTERVIEW', { formVersion: 'F-2' }));
    expect(s.consents?.map((c) => [c.consentRef, c.formVersion])).toEqual([
      ['a1.RSS_INTERVIEW.1', 'F-1'],
      ['a1.RSS_INTERVIEW.2', 'F-2'],
    ]);
    expect(currentConsent(s, 'a1', 'RSS_INTERVIEW')?.formVersion).toBe('F-2');
  });

  it('should refuse a signatory other than self or guardian, and a guardian who is not another member', () => {
    const s = statesByStage().REGISTERED as CaseState;
    const bad = attempt(s, officer, consent('RSS_INTERVIEW', { signatory: 'THUMBPRINT' }));
    expect(bad.ok ? null : bad.rejection.code).toBe('INVALID_COMMAND');
    const self = attempt(s, officer, consent('RSS_INTERVIEW', { signatory: 'GUARDIAN', guardianMemberId: 'a1' }));
    expect(self.ok ? null : self.rejection.code).toBe('INVALID_COMMAND');
  });

  it('should make withdrawing a consent a command of its own, which leaves the return going on', () => {
    let s = statesByStage().COUNSELLING as CaseState;
    s = run(s, officer, consent('PHOTOS_BIOMETRICS'));
    s = run(s, officer, { type: 'WithdrawConsent', memberId: 'a1', purpose: 'PHOTOS_BIOMETRICS' });
    expect(s.stage).toBe('COUNSELLING');
    expect(currentConsent(s, 'a1', 'PHOTOS_BIOMETRICS')).toMatchObject({
      status: 'WITHDRAWN',
      withdrawnAt: s.updatedAt,
    });
  });

  it('should refuse withdrawing a consent that was never given', () => {
    const s = statesByStage().COUNSELLING as CaseState;
    expect(
      unmetCodes(attempt(s, officer, { type: 'WithdrawConsent', memberId: 'a1', purpose: 'RSS_INTERVIEW' })),
    ).toEqual(['CONSENT_NOT_GIVEN:a1']);
  });

  it('should let the data consent of registration be withdrawn, after which nothing needing it goes on', () => {
    let s = statesByStage().COUNSELLING as CaseState;
    s = run(s, officer, { type: 'WithdrawConsent', memberId: 'a1', purpose: 'DATA_PROCESSING' });
    expect(s.members[0]?.dataConsent).toBeNull();
    s = run(s, officer, { type: 'StartScreening' });
    s = run(s, officer, { type: 'RecordEligibility', eligible: true, ruleId: 'R' });
    s = run(s, officer, { type: 'RecordRapidVulnerabilityScreening', findings: [] });
    expect(unmetCodes(attempt(s, officer, declaration('a1')))).toEqual(['DATA_CONSENT_MISSING:a1']);
  });
});

describe('withdrawing the RSS-interview consent', () => {
  it('should refuse the RSS interview after the withdrawal', () => {
    let s = run(handedOver(), counterpart, consent('RSS_INTERVIEW'));
    expect(unmetCodes(attempt(s, counterpart, rss))).toEqual([]);
    s = run(s, counterpart, { type: 'WithdrawConsent', memberId: 'a1', purpose: 'RSS_INTERVIEW' });
    expect(rssConsentWithdrawn(s)).toBe(true);
    expect(unmetCodes(attempt(s, counterpart, rss))).toEqual(['CONSENT_WITHDRAWN']);
  });

  it('should stop the RSS reminders', () => {
    let s = run(handedOver(), counterpart, consent('RSS_INTERVIEW'));
    expect(planReminders(toView(s)).some((r) => r.kind === 'RSS_DUE')).toBe(true);
    s = run(s, counterpart, { type: 'WithdrawConsent', memberId: 'a1', purpose: 'RSS_INTERVIEW' });
    expect(planReminders(toView(s)).some((r) => r.kind === 'RSS_DUE')).toBe(false);
  });

  it('should no longer ask for the endline RSS before a completed closure', () => {
    let s = run(handedOver(), counterpart, consent('RSS_INTERVIEW'));
    const close: CaseCommand = { type: 'CloseCase', reason: 'COMPLETED' };
    expect(unmetCodes(attempt(s, counterpart, close))).toContain('FINAL_RSS_MISSING');
    s = run(s, counterpart, { type: 'WithdrawConsent', memberId: 'a1', purpose: 'RSS_INTERVIEW' });
    expect(unmetCodes(attempt(s, counterpart, close))).not.toContain('FINAL_RSS_MISSING');
  });
});

describe('consents the other rules depend on', () => {
  it('should stop sharing D3 with the receiving office once the continuity-of-care consent is withdrawn', () => {
    let s = run(handedOver(), counterpart, consent('CONTINUITY_OF_CARE_SHARING'));
    expect(toView(s).reintegration?.continuityOfCareConsent).toBe(true);
    expect(readerOf('counterpart', toView(s)).topics.has('HEALTH')).toBe(true);
    s = run(s, counterpart, { type: 'WithdrawConsent', memberId: 'a1', purpose: 'CONTINUITY_OF_CARE_SHARING' });
    expect(toView(s).reintegration?.continuityOfCareConsent).toBe(false);
    expect(readerOf('counterpart', toView(s)).topics.has('HEALTH')).toBe(false);
  });

  it('should take the UNHCR-notification consent for approval, and not notify UNHCR after its withdrawal', () => {
    let s = toScreening(opening([adult('a1')]));
    s = run(s, officer, {
      type: 'RecordRapidVulnerabilityScreening',
      findings: [{ memberId: 'a1', vulnerabilities: ['ASYLUM_SEEKER'] }],
    });
    s = run(s, officer, declaration('a1'));
    expect(unmetCodes(attempt(s, officer, { type: 'Approve' }))).toContain('UNHCR_NOTIFICATION_CONSENT_MISSING:a1');
    s = run(s, officer, consent('UNHCR_NOTIFICATION'));
    expect(unmetCodes(attempt(s, officer, { type: 'Approve' }))).not.toContain('UNHCR_NOTIFICATION_CONSENT_MISSING:a1');
    s = run(s, officer, { type: 'WithdrawConsent', memberId: 'a1', purpose: 'UNHCR_NOTIFICATION' });
    expect(unmetCodes(attempt(s, officer, { type: 'Approve' }))).toContain('UNHCR_NOTIFICATION_CONSENT_MISSING:a1');
  });

  it('should show the UNHCR-notification consent only to readers who may see needs flags', () => {
    const s = run(initialState(opening([adult('a1')])), officer, consent('UNHCR_NOTIFICATION'));
    const view = toView(s);
    const shown = (role: 'officer' | 'counterpart') =>
      ((discloseCase(view, readerOf(role, view)) as { consents?: unknown[] }).consents ?? []).length;
    expect(shown('officer')).toBe(1);
    expect(shown('counterpart')).toBe(0);
    const event = { type: 'ConsentRecorded', ...s.consents![0], effectiveAt: s.updatedAt, recordedAt: s.updatedAt };
    expect(discloseEvent(event as never, readerOf('counterpart'))).not.toHaveProperty('purpose');
    expect(discloseEvent(event as never, readerOf('officer'))).toHaveProperty('purpose', 'UNHCR_NOTIFICATION');
  });
});
