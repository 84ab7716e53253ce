import type { AuditRow, HouseholdMemberRecord } from '@avrr/persistence';
import { toView, type CaseState } from '@avrr/domain';
import { counterpart, movement, run, statesByStage } from '../../../../../libs/domain/src/test-fixtures';
import { businessPlan } from '../../../../../libs/domain/src/reintegration/test-samples';
import { scopeOf } from '../case-scope';
import {
  caseCategoriesShown,
  caseResponse,
  caseSummary,
  historyCategoriesShown,
  historyEntries,
} from './case.response';

const member: HouseholdMemberRecord = {
  memberId: 'a1',
  individualId: 'i1',
  position: 0,
  relationship: 'PA',
  givenName: 'Awa',
  familyName: 'Ndiaye',
  aliases: [],
  sex: 'F',
  dateOfBirth: '1990-05-14',
  dateOfBirthEstimated: false,
  nationality: 'SN',
  languages: ['fr'],
  phone: '+221 77 000 00 00',
  guardianMemberIds: [],
  dataConsent: true,
} as unknown as HouseholdMemberRecord;

/** A returnee flagged VOT before departure, arrived in Dakar, with a plan agreed. */
function planned(consent: boolean): CaseState {
  let s = statesByStage().ARRIVED as CaseState;
  s = {
    ...s,
    members: s.members.map((m) => ({
      ...m,
      vulnerabilities: ['VOT'],
      assessments: [
        {
          assessment: 'VOT_RISK',
          status: 'COMPLETED',
          trigger: 'SCREENING',
          outcome: 'ACCEPTABLE',
          previousOutcomes: [],
        },
      ],
    })),
  };
  if (consent) s = run(s, counterpart, { type: 'RecordContinuityOfCareConsent', given: true, consentRef: 'COC-1' });
  s = run(s, counterpart, { type: 'AcknowledgeHandover' });
  s = run(s, counterpart, { type: 'RecordReintegrationAssessment', needs: ['INCOME'], skills: [] });
  return run(s, counterpart, businessPlan());
}

const audit = (events: unknown[]): AuditRow[] => [
  {
    version: 1,
    commandId: 'c',
    commandType: 'X',
    actorId: 'u',
    actorRole: 'officer',
    effectiveAt: 't',
    recordedAt: 't',
    fromStage: 'SCREENING',
    toStage: 'SCREENING',
    events,
  },
];

describe('case responses shaped per role', () => {
  it('should hide special categories from a counterpart without the continuity-of-care consent', () => {
    const body = caseResponse(toView(planned(false)), [member], 'counterpart') as any;
    expect(body.members[0]).toMatchObject({ vulnerabilities: [], assessments: [], personal: { givenName: 'Awa' } });
    expect(body.flags).toEqual({ vulnerable: true, uasc: false });
    expect(body.reintegration.plan.planVersion).toBe(1);
  });

  it('should show them once the returnee consented, and always to the protection focal point and the supervisor', () => {
    expect((caseResponse(toView(planned(true)), [member], 'counterpart') as any).members[0].vulnerabilities).toEqual([
      'VOT',
    ]);
    for (const role of ['protection', 'supervisor'] as const) {
      const body = caseResponse(toView(planned(false)), [member], role) as any;
      expect(body.members[0].vulnerabilities).toEqual(['VOT']);
      expect(body.members[0].assessments[0]).toMatchObject({ assessment: 'VOT_RISK', outcome: 'ACCEPTABLE' });
    }
  });

  it('should give the host officer needs flags, not VoT status or the VoT risk outcome', () => {
    const body = caseResponse(toView(planned(false)), [member], 'officer') as any;
    expect(body.flags).toMatchObject({ vulnerable: true, protection: true });
    expect(body.members[0].vulnerabilities).toEqual([]);
    expect(body.members[0].assessments).toEqual([
      expect.objectContaining({ assessment: 'VOT_RISK', status: 'COMPLETED' }),
    ]);
    expect(body.members[0].assessments[0].outcome).toBeUndefined();
    expect(body.members[0].personal.givenName).toBe('Awa');
  });

  it('should keep needs-level types and non-protection outcomes for the officer, the medical circle for the medical officer', () => {
    const s = planned(false);
    const view = toView({
      ...s,
      members: s.members.map((m) => ({
        ...m,
        vulnerabilities: ['VOT', 'DISABILITY', 'MENTAL_HEALTH'],
        assessments: [
          ...m.assessments,
          {
            assessment: 'MEDICAL',
            status: 'COMPLETED',
            trigger: 'SCREENING',
            outcome: 'FIT_WITH_ESCORT',
            previousOutcomes: [],
          },
        ],
      })),
    });
    const officer = (caseResponse(view, [member], 'officer') as any).members[0];
    expect(officer.vulnerabilities).toEqual(['DISABILITY']);
    expect(officer.assessments.map((a: any) => [a.assessment, a.outcome ?? null])).toEqual([
      ['VOT_RISK', null],
      ['MEDICAL', 'FIT_WITH_ESCORT'],
    ]);
    const medical = (caseResponse(view, [member], 'medical') as any).members[0];
    expect(medical.vulnerabilities).toEqual(['DISABILITY', 'MENTAL_HEALTH']);
    expect(medical.assessments.map((a: any) => [a.assessment, a.outcome ?? null])).toEqual([
      ['VOT_RISK', null],
      ['MEDICAL', 'FIT_WITH_ESCORT'],
    ]);
  });

  it('should give the movement assistant no special categories, but fitness to travel and escorts', () => {
    const body = caseResponse(toView(planned(false)), [member], 'movement') as any;
    expect(body.members[0].vulnerabilities).toEqual([]);
    expect(body.members[0].assessments).toEqual([]);
    expect(body.flags.protection).toBeUndefined();
    expect(body.members[0]).toHaveProperty('escortRequired');
    expect(JSON.stringify(body)).not.toMatch(/VOT/);
  });

  it('should give finance the amounts, payees and plan lines only', () => {
    const body = caseResponse(toView(planned(true)), [member], 'finance') as any;
    expect(body.members).toBeUndefined();
    expect(body.payees).toEqual([
      { memberId: 'a1', relationship: 'PA', givenName: 'Awa', familyName: 'Ndiaye', phone: '+221 77 000 00 00' },
    ]);
    expect(body.reintegration.plan.activities[0]).toEqual({
      activityId: 'A-BIZ',
      dimension: 'ECONOMIC',
      level: 'INDIVIDUAL',
      type: 'BUSINESS',
      budget: 1000,
    });
    expect(body.reintegration.tranches).toHaveLength(3);
    expect(JSON.stringify(body)).not.toMatch(/VOT|assessments|rss|INCOME/);
  });

  it('should give operations the D0 summary, with the handover-overdue flag', () => {
    const view = toView(planned(false));
    expect(caseResponse(view, [member], 'operations')).toEqual(caseSummary(view, 'operations'));
    expect(caseSummary(view, 'operations').handoverOverdue).toBe(false);
    expect(JSON.stringify(caseSummary(view, 'operations'))).not.toContain('Awa');
  });

  it('should shape the audit trail the same way', () => {
    const events = [
      {
        type: 'RapidVulnerabilityScreeningRecorded',
        findings: [{ memberId: 'a1', vulnerabilities: ['VOT'] }],
        effectiveAt: 't',
        recordedAt: 't',
      },
      { type: 'TranchePaid', trancheId: 'P1-T1', amount: 500 },
    ];
    const withoutConsent = toView(planned(false));
    expect(historyEntries(audit(events), withoutConsent, 'counterpart')[0].events).toEqual([
      { type: 'RapidVulnerabilityScreeningRecorded', effectiveAt: 't', recordedAt: 't' },
      events[1],
    ]);
    expect(historyEntries(audit(events), toView(planned(true)), 'counterpart')[0].events).toEqual(events);
    expect(historyEntries(audit(events), withoutConsent, 'finance')[0].events).toEqual([
      { type: 'RapidVulnerabilityScreeningRecorded', effectiveAt: 't', recordedAt: 't' },
      events[1],
    ]);
    expect(historyEntries(audit(events), withoutConsent, 'operations')[0].events).toEqual([
      { type: 'RapidVulnerabilityScreeningRecorded', effectiveAt: 't', recordedAt: 't' },
      { type: 'TranchePaid' },
    ]);
    expect(historyEntries(audit(events), withoutConsent, 'supervisor')[0].events).toEqual(events);
    expect(historyEntries(audit(events), withoutConsent, 'protection')[0].events).toEqual(events);
    // Officers and medical officers see that a screening found needs, not a VoT status; movement sees that it happened.
    // Money is D2: the officer sees the tranche, the medical officer and the movement assistant only that it was paid.
    expect(historyEntries(audit(events), withoutConsent, 'officer')[0].events).toEqual([
      { ...events[0], findings: [{ memberId: 'a1', vulnerabilities: [] }] },
      events[1],
    ]);
    expect(historyEntries(audit(events), withoutConsent, 'medical')[0].events).toEqual([
      { ...events[0], findings: [{ memberId: 'a1', vulnerabilities: [] }] },
      { type: 'TranchePaid' },
    ]);
    expect(historyEntries(audit(events), withoutConsent, 'movement')[0].events).toEqual([
      { type: 'RapidVulnerabilityScreeningRecorded', effectiveAt: 't', recordedAt: 't' },
      { type: 'TranchePaid' },
    ]);
  });
});

describe('transit incidents and referrals shaped per role', () => {
  /** Departed with a missed connection and a medical incident in transit, then arrived, handed over and referred. */
  function referred(consent: boolean): CaseState {
    let s = statesByStage().DEPARTED as CaseState;
    s = run(s, movement, {
      type: 'RecordTransitIncident',
      kind: 'MISSED_CONNECTION',
      memberIds: ['a1'],
      transitPoint: 'CMN',
    });
    s = run(s, movement, { type: 'RecordTransitIncident', kind: 'MEDICAL', memberIds: ['a1'], transitPoint: 'ABJ' });
    s = run(s, counterpart, { type: 'RecordArrival', receptionRecorded: true, receivingOffice: 'DAKAR' });
    if (consent) s = run(s, counterpart, { type: 'RecordContinuityOfCareConsent', given: true, consentRef: 'COC-1' });
    s = run(s, counterpart, { type: 'AcknowledgeHandover' });
    return run(s, counterpart, { type: 'RecordReferral', memberId: 'a1', providerRef: 'PROV-1', service: 'TRAINING' });
  }

  it('should show a counterpart without the continuity-of-care consent that a medical incident happened, not what it was', () => {
    const body = caseResponse(toView(referred(false)), [member], 'counterpart') as any;
    expect(body.transitIncidents).toEqual([
      expect.objectContaining({ incidentId: 'TI-1', kind: 'MISSED_CONNECTION', transitPoint: 'CMN' }),
      {
        incidentId: 'TI-2',
        memberIds: ['a1'],
        transitPoint: 'ABJ',
        effectiveAt: expect.any(String),
        recordedAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('MEDICAL');
    expect(body.reintegration.referrals).toEqual([
      expect.objectContaining({ referralId: 'REF-1', service: 'TRAINING', status: 'REFERRED' }),
    ]);
  });

  it('should show the kind with the consent, and always to the host office', () => {
    expect((caseResponse(toView(referred(true)), [member], 'counterpart') as any).transitIncidents[1].kind).toBe(
      'MEDICAL',
    );
    expect((caseResponse(toView(referred(false)), [member], 'movement') as any).transitIncidents[1].kind).toBe(
      'MEDICAL',
    );
  });

  it('should give finance and operations neither referrals nor incidents', () => {
    const view = toView(referred(true));
    for (const role of ['finance', 'operations'] as const) {
      const text = JSON.stringify(caseResponse(view, [member], role));
      expect(text).not.toMatch(/REF-1|PROV-1|TI-1|transitIncidents|referrals/);
    }
  });

  it('should shape the audit trail of incidents and referrals the same way', () => {
    const t = { effectiveAt: 't', recordedAt: 't' };
    const medical = {
      type: 'TransitIncidentRecorded',
      incidentId: 'TI-2',
      kind: 'MEDICAL',
      memberIds: ['a1'],
      transitPoint: 'ABJ',
      ...t,
    };
    const delay = { ...medical, incidentId: 'TI-1', kind: 'DELAY' };
    const referral = {
      type: 'ReferralRecorded',
      referralId: 'REF-1',
      memberId: 'a1',
      providerRef: 'PROV-1',
      service: 'MHPSS',
      referredBy: 'u',
      ...t,
    };
    const events = [delay, medical, referral];
    const { kind: _kind, ...medicalWithoutKind } = medical;
    expect(historyEntries(audit(events), toView(referred(false)), 'counterpart')[0].events).toEqual([
      delay,
      medicalWithoutKind,
      referral,
    ]);
    expect(historyEntries(audit(events), toView(referred(true)), 'counterpart')[0].events).toEqual(events);
    expect(historyEntries(audit(events), toView(referred(false)), 'finance')[0].events).toEqual(
      events.map((e) => ({ type: e.type, ...t })),
    );
    expect(historyEntries(audit(events), toView(referred(false)), 'operations')[0].events).toEqual(
      events.map((e) => ({ type: e.type, ...t })),
    );
  });
});

describe('scopeOf', () => {
  const user = (role: string, office: string | null) =>
    ({ id: 'u', username: 'u', role, office, country: null }) as never;
  it.each([
    ['counterpart', 'GN-CKY', { receivingOffice: 'GN-CKY' }],
    ['finance', 'GN-CKY', { receivingOffice: 'GN-CKY' }],
    ['supervisor', 'GN-CKY', { hostOffice: 'GN-CKY', receivingOffice: 'GN-CKY' }],
    ['officer', 'MA-RBA', { hostOffice: 'MA-RBA' }],
    ['operations', null, { all: true }],
    ['admin', null, {}],
  ])('should scope a %s of %s', (role, office, scope) => {
    expect(scopeOf(user(role, office))).toEqual(scope);
  });
});

describe('special categories shown, for the read log', () => {
  it('should name the D3 topics a case response shows, and nothing for a reader shown none', () => {
    const view = toView(planned(false));
    expect(caseCategoriesShown(view, 'protection')).toEqual(['NEEDS', 'VOT']);
    expect(caseCategoriesShown(view, 'officer')).toEqual(['NEEDS']);
    expect(caseCategoriesShown(view, 'movement')).toEqual([]);
    expect(caseCategoriesShown(view, 'operations')).toEqual([]);
    expect(caseCategoriesShown(view, 'counterpart')).toEqual([]);
    expect(caseCategoriesShown(toView(planned(true)), 'counterpart')).toEqual(['NEEDS', 'VOT']);
  });

  it('should see detail in an audit trail, not bare event types', () => {
    const events = [
      {
        type: 'RapidVulnerabilityScreeningRecorded',
        findings: [{ memberId: 'a1', vulnerabilities: ['VOT'] }],
        effectiveAt: 't',
        recordedAt: 't',
      },
    ];
    const view = toView(planned(false));
    expect(historyCategoriesShown(audit(events), view, 'protection')).toEqual(['NEEDS', 'VOT']);
    expect(historyCategoriesShown(audit(events), view, 'movement')).toEqual([]);
  });
});
