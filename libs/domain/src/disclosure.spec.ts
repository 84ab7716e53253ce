import {
  discloseIncoming,
  discloseAuditEntry,
  discloseAvailability,
  discloseCase,
  discloseDeadline,
  discloseEvent,
  discloseNotification,
  discloseReminder,
  REMINDER_DISCLOSURE,
  seesReminderKind,
  joinSpecialCategories,
  maySearchByIdentity,
  readerOf,
  REQUIREMENT_DISCLOSURE,
  ROLE_DISCLOSURE,
  sees,
  seesStaffNames,
  SPECIAL_CATEGORIES,
  specialCategoriesShown,
  splitSpecialCategories,
  TOPIC_CLASS,
  WITHHELD,
  type MemberIdentity,
  discloseTask,
  NEUTRAL_TASK_KIND,
  TASK_DISCLOSURE,
  disclosePossibleDuplicates,
  DUPLICATE_DISCLOSURE,
  type PossibleDuplicate,
  discloseRssRescore,
  discloseRssWeightSet,
  mayReadRssScores,
  RSS_SCORE_ACCESS,
  RSS_WEIGHTS_ACCESS,
  RSS_WEIGHTS_MANAGERS,
  RSS_WEIGHTS_READERS,
  type RssWeightsAccess,
} from './disclosure';
import { TASK_KINDS } from './tasks';
import type { CaseEvent } from './events';
import { readsPersonalData, RETENTION_ACCESS, RETENTION_ROLES } from './disclosure';
import { REMINDER_CATEGORY, REMINDER_KINDS } from './reminders';
import { ROLES, type RequirementCode, type Role } from './types';
import { toView, type CaseView } from './view';
import { statesByStage } from './test-fixtures';
import type { CaseState } from './state';

const t = { effectiveAt: '2026-01-01T00:00:00.000Z', recordedAt: '2026-01-01T00:00:00.000Z' };

/** A case at SCREENING whose principal applicant carries every special category, with holds and their reasons. */
function everything(): CaseView {
  const s = statesByStage().SCREENING as CaseState;
  const [pa, ...rest] = s.members;
  return toView({
    ...s,
    members: [
      {
        ...pa,
        vulnerabilities: ['VOT', 'GBV_SURVIVOR', 'ASYLUM_SEEKER', 'MENTAL_HEALTH', 'MEDICAL'],
        assessments: [
          {
            assessment: 'VOT_RISK',
            status: 'COMPLETED',
            trigger: 'SCREENING',
            outcome: 'TOO_HIGH',
            previousOutcomes: [],
          },
          {
            assessment: 'BID',
            status: 'COMPLETED',
            trigger: 'SCREENING',
            outcome: 'RETURN_IN_BEST_INTERESTS',
            previousOutcomes: [],
          },
          { assessment: 'MEDICAL', status: 'COMPLETED', trigger: 'SCREENING', outcome: 'FIT', previousOutcomes: [] },
        ],
      },
      ...rest,
    ],
    holds: [
      { type: 'MEDICAL_UNFIT', memberId: pa.memberId, placedAt: t.effectiveAt, reason: 'DX-1', placedBy: 'medical' },
      {
        type: 'LEGAL_PROCEEDINGS',
        memberId: pa.memberId,
        placedAt: t.effectiveAt,
        reason: 'COURT-1',
        placedBy: 'protection',
      },
      {
        type: 'PROTECTION_RISK',
        memberId: pa.memberId,
        placedAt: t.effectiveAt,
        reason: 'STORY-1',
        placedBy: 'protection',
      },
      { type: 'BENEFICIARY_PAUSE', placedAt: t.effectiveAt, reason: 'FAMILY_EVENT', placedBy: 'officer' },
    ],
  } as unknown as CaseState);
}

/** A member's identity as PostgreSQL keeps it. */
function identity(memberId: string): MemberIdentity {
  return {
    memberId,
    relationship: 'PA',
    givenName: 'Awa',
    familyName: 'Diallo',
    aliases: [],
    dateOfBirth: '1990-01-01',
    dateOfBirthEstimated: false,
    nationality: 'GN',
    languages: ['fr'],
  };
}

/** Which sentinels of `everything()` a role finds in its shaped case. */
function found(role: Role): string[] {
  const text = JSON.stringify(discloseCase(everything(), readerOf(role), []));
  return [
    '"VOT"',
    'TOO_HIGH',
    'GBV_SURVIVOR',
    'ASYLUM_SEEKER',
    'MENTAL_HEALTH',
    'RETURN_IN_BEST_INTERESTS',
    'DX-1',
    'COURT-1',
    'STORY-1',
    'FAMILY_EVENT',
  ].filter((x) => text.includes(x));
}

describe('the role table', () => {
  it('should give every role a decision, in the classes of AVRR.md §4', () => {
    expect(Object.keys(ROLE_DISCLOSURE).sort()).toEqual([...ROLES].sort());
    const classes = (role: Role) => [...new Set([...readerOf(role).topics].map((x) => TOPIC_CLASS[x]))].sort();
    expect(classes('operations')).toEqual(['D0']);
    expect(classes('finance')).toEqual(['D0', 'D1', 'D2']);
    expect(classes('movement')).toEqual(['D0', 'D1', 'D2', 'D3']); // the itinerary and service codes only, below
    expect(classes('medical')).toEqual(['D0', 'D1', 'D3']); // "medical D3; nothing else beyond D1"
    const d2 = (role: Role) => [...readerOf(role).topics].filter((x) => TOPIC_CLASS[x] === 'D2');
    expect(d2('movement')).toEqual(['ITINERARY']);
    expect(d2('medical')).toEqual([]);
    expect(d2('finance')).toEqual(['MONEY']);
    expect([...readerOf('movement').topics].filter((x) => TOPIC_CLASS[x] === 'D3')).toEqual(['SERVICE_CODES']);
    expect(classes('admin')).toEqual([]);
    expect(SPECIAL_CATEGORIES.filter((c) => sees(readerOf('movement'), c))).toEqual([]);
    expect(SPECIAL_CATEGORIES.filter((c) => sees(readerOf('officer'), c))).toEqual([]);
    expect(SPECIAL_CATEGORIES.filter((c) => sees(readerOf('medical'), c))).toEqual(['HEALTH', 'MENTAL_HEALTH']);
    expect(SPECIAL_CATEGORIES.filter((c) => sees(readerOf('protection'), c))).toEqual(SPECIAL_CATEGORIES);
  });

  it('should give a counterpart D3 only with the continuity-of-care consent', () => {
    const consented = { reintegration: { continuityOfCareConsent: true } } as CaseView;
    expect([...readerOf('counterpart').topics].filter((x) => TOPIC_CLASS[x] === 'D3')).toEqual([]);
    expect(SPECIAL_CATEGORIES.every((c) => sees(readerOf('counterpart', consented), c))).toBe(true);
  });
});

describe('a case with every special category, per role', () => {
  it.each<[Role, string[]]>([
    [
      'protection',
      [
        '"VOT"',
        'TOO_HIGH',
        'GBV_SURVIVOR',
        'ASYLUM_SEEKER',
        'MENTAL_HEALTH',
        'RETURN_IN_BEST_INTERESTS',
        'DX-1',
        'COURT-1',
        'STORY-1',
        'FAMILY_EVENT',
      ],
    ],
    [
      'supervisor',
      [
        '"VOT"',
        'TOO_HIGH',
        'GBV_SURVIVOR',
        'ASYLUM_SEEKER',
        'MENTAL_HEALTH',
        'RETURN_IN_BEST_INTERESTS',
        'DX-1',
        'COURT-1',
        'STORY-1',
        'FAMILY_EVENT',
      ],
    ],
    // A beneficiary's pause is case management (D2): neither the medical officer nor the movement assistant learns why.
    ['medical', ['MENTAL_HEALTH', 'DX-1']],
    ['officer', ['FAMILY_EVENT']],
    ['movement', []],
    ['counterpart', ['FAMILY_EVENT']],
    ['finance', []],
    ['operations', []],
  ])('should show %s only its categories', (role, expected) => {
    expect(found(role)).toEqual(expected);
  });

  it('should withhold hold types that are needs flags from movement and operations', () => {
    const view = everything();
    expect(
      (discloseCase(view, readerOf('movement')) as { holds: { type: string }[] }).holds.map((h) => h.type),
    ).toEqual(['MEDICAL_UNFIT', WITHHELD, WITHHELD, 'BENEFICIARY_PAUSE']);
    expect((discloseCase(view, readerOf('operations')) as { holds: string[] }).holds).toEqual([
      WITHHELD,
      WITHHELD,
      WITHHELD,
      'BENEFICIARY_PAUSE',
    ]);
  });

  it('should give the medical officer the members, their fitness and medical assessments, and no D2', () => {
    const view = everything();
    const body = discloseCase(view, readerOf('medical'), [identity(view.members[0].memberId)]) as Record<string, any>;
    expect(body.members[0]).toMatchObject({
      memberId: view.members[0].memberId,
      vulnerabilities: ['MENTAL_HEALTH', 'MEDICAL'],
      // That a VoT risk or best-interests assessment runs is a needs flag; their outcomes stay with protection.
      assessments: [
        { assessment: 'VOT_RISK', status: 'COMPLETED' },
        { assessment: 'BID', status: 'COMPLETED' },
        { assessment: 'MEDICAL', status: 'COMPLETED', outcome: 'FIT' },
      ],
      personal: expect.objectContaining({ familyName: 'Diallo' }),
    });
    expect(body.holds[0]).toEqual(expect.objectContaining({ type: 'MEDICAL_UNFIT', reason: 'DX-1' }));
    expect(body.flags).toEqual({ vulnerable: true, uasc: expect.any(Boolean), medical: true, protection: true });
    for (const d2 of ['referralSource', 'programme', 'booking', 'noShowCount', 'reintegration', 'transitIncidents'])
      expect(body).not.toHaveProperty(d2);
    for (const d2 of ['documents', 'exitAuthorization', 'dataConsent', 'declarationSigned'])
      expect(body.members[0]).not.toHaveProperty(d2);
  });

  it('should give the movement assistant the itinerary and service codes, no other D2 and no D3', () => {
    const view = toView(statesByStage().BOOKED as CaseState);
    expect(view.booking).toBeDefined();
    const body = discloseCase(view, readerOf('movement'), [identity(view.members[0].memberId)]) as Record<string, any>;
    expect(body.booking).toEqual(view.booking);
    expect(body.noShowCount).toBe(view.noShowCount);
    expect(body.members[0]).toHaveProperty('escortRequired');
    expect(body.members[0].personal).toEqual(expect.objectContaining({ familyName: 'Diallo' }));
    for (const d2 of ['referralSource', 'programme', 'reintegration', 'closureReason'])
      expect(body).not.toHaveProperty(d2);
    for (const d2 of ['documents', 'exitAuthorization', 'dataConsent', 'declarationSigned'])
      expect(body.members[0]).not.toHaveProperty(d2);
    expect(body.members.every((m: { vulnerabilities: string[] }) => m.vulnerabilities.length === 0)).toBe(true);
    expect(body.flags).not.toHaveProperty('protection');
    // What caseworkers see of the same case did not change: the itinerary is part of their case management.
    expect(discloseCase(view, readerOf('officer'))).toMatchObject({
      booking: view.booking,
      referralSource: view.referralSource,
    });
  });

  it('should log the special categories shown, not service codes', () => {
    expect(specialCategoriesShown(everything(), readerOf('medical'))).toEqual(['HEALTH', 'MENTAL_HEALTH', 'NEEDS']);
    expect(specialCategoriesShown(everything(), readerOf('movement'))).toEqual([]);
    expect(specialCategoriesShown(everything(), readerOf('protection'))).toEqual([
      'ASYLUM',
      'BID',
      'GBV',
      'HEALTH',
      'LEGAL',
      'MENTAL_HEALTH',
      'NEEDS',
      'VOT',
    ]);
  });
});

describe('events', () => {
  const placed: CaseEvent = {
    type: 'HoldPlaced',
    hold: 'LEGAL_PROCEEDINGS',
    memberId: 'm1',
    reason: 'COURT-1',
    placedBy: 'protection',
    ...t,
  };
  const result: CaseEvent = {
    type: 'AssessmentResultRecorded',
    memberId: 'm1',
    assessment: 'VOT_RISK',
    outcome: 'ACCEPTABLE',
    mitigation: 'SAFE',
    escortRequired: false,
    assessorRole: 'protection',
    ...t,
  };

  it("should keep a hold reason in the hold's circle, and the hold type for those who see the needs flag", () => {
    expect(discloseEvent(placed, readerOf('protection'))).toEqual(placed);
    expect(discloseEvent(placed, readerOf('officer'))).toEqual({
      type: 'HoldPlaced',
      hold: 'LEGAL_PROCEEDINGS',
      memberId: 'm1',
      placedBy: 'protection',
      ...t,
    });
    expect(discloseEvent(placed, readerOf('operations'))).toEqual({
      type: 'HoldPlaced',
      memberId: 'm1',
      placedBy: 'protection',
      ...t,
    });
  });

  it('should show the VoT outcome and mitigation to the protection circle only, and the event bare to who sees no needs', () => {
    expect(discloseEvent(result, readerOf('supervisor'))).toEqual(result);
    const { outcome: _o, mitigation: _m, ...needs } = result;
    expect(discloseEvent(result, readerOf('officer'))).toEqual(needs);
    expect(discloseEvent(result, readerOf('movement'))).toEqual({ type: 'AssessmentResultRecorded', ...t });
  });

  it('should show the journey to the movement assistant without its money, and casework to neither medical nor movement', () => {
    const departed: CaseEvent = {
      type: 'DepartureRecorded',
      itineraryRef: 'IT-1',
      travellerIds: ['m1'],
      voluntarinessReconfirmed: true,
      pocketMoney: { amount: 30, currency: 'EUR' },
      unhcrNotificationDue: [],
      ...t,
    };
    const { pocketMoney: _p, unhcrNotificationDue: _u, ...journey } = departed;
    expect(discloseEvent(departed, readerOf('movement'))).toEqual(journey);
    expect(discloseEvent(departed, readerOf('officer'))).toEqual(departed);
    expect(discloseEvent(departed, readerOf('medical'))).toEqual({ type: 'DepartureRecorded', ...t });
    const counselled: CaseEvent = {
      type: 'CounsellingSessionRecorded',
      language: 'fr',
      interpreterUsed: false,
      mode: 'IN_PERSON',
      topics: ['RETURN_OPTIONS'],
      ...t,
    };
    for (const role of ['medical', 'movement'] as const)
      expect(discloseEvent(counselled, readerOf(role))).toEqual({ type: 'CounsellingSessionRecorded', ...t });
    expect(discloseEvent(counselled, readerOf('officer'))).toEqual(counselled);
    const incident: CaseEvent = {
      type: 'TransitIncidentRecorded',
      incidentId: 'TI-1',
      kind: 'MISSED_CONNECTION',
      memberIds: ['m1'],
      transitPoint: 'CMN',
      ...t,
    };
    expect(discloseEvent(incident, readerOf('movement'))).toEqual(incident);
    expect(discloseEvent(incident, readerOf('medical'))).toEqual({ type: 'TransitIncidentRecorded', ...t });
  });

  it("should filter a screening's findings by the reader's categories", () => {
    const screening: CaseEvent = {
      type: 'RapidVulnerabilityScreeningRecorded',
      findings: [{ memberId: 'm1', vulnerabilities: ['VOT', 'MENTAL_HEALTH', 'DISABILITY'] }],
      ...t,
    };
    const vulns = (role: Role) =>
      (discloseEvent(screening, readerOf(role)) as { findings?: { vulnerabilities: string[] }[] }).findings?.[0]
        ?.vulnerabilities;
    expect(vulns('protection')).toEqual(['VOT', 'MENTAL_HEALTH', 'DISABILITY']);
    expect(vulns('medical')).toEqual(['MENTAL_HEALTH', 'DISABILITY']);
    expect(vulns('officer')).toEqual(['DISABILITY']);
    expect(vulns('movement')).toBeUndefined();
  });

  it('should shape audit entries event by event, and show an unknown event type bare', () => {
    const entry = { version: 3, commandType: 'X', events: [placed, { type: 'SomethingNew', secret: 'S', ...t }] };
    expect(discloseAuditEntry(entry, readerOf('finance')).events).toEqual([
      { type: 'HoldPlaced', memberId: 'm1', placedBy: 'protection', ...t },
      { type: 'SomethingNew', ...t },
    ]);
  });
});

describe('requirements', () => {
  const approve = [
    {
      type: 'Approve' as const,
      allowed: false,
      unmet: [
        {
          code: 'RISK_TOO_HIGH' as const,
          memberId: 'm1',
          message: 'The protection risk for member m1 was assessed as too high.',
        },
        {
          code: 'BID_NOT_IN_BEST_INTERESTS' as const,
          memberId: 'c1',
          message: 'The best-interests determination found return is not in the interests of child c1.',
        },
        {
          code: 'SUPERVISOR_APPROVAL_REQUIRED' as const,
          message: 'A supervisor must approve: vulnerabilities are flagged (VOT, GBV_SURVIVOR).',
        },
      ],
    },
  ];

  it('should withhold what the reader may not see, once, and replace words that say more than the code', () => {
    const officer = discloseAvailability(approve, readerOf('officer'))[0].unmet;
    expect(officer.map((u) => u.code)).toEqual([WITHHELD, 'SUPERVISOR_APPROVAL_REQUIRED']);
    expect(JSON.stringify(officer)).not.toMatch(/VOT|GBV|m1|c1/);
    expect(discloseAvailability(approve, readerOf('protection'))[0].unmet).toEqual(approve[0].unmet);
  });

  it('should show the movement assistant the guards of booking and travel, and the medical officer those of fitness', () => {
    const unmet = (codes: RequirementCode[]) => [
      { type: 'ConfirmBooking' as const, allowed: false, unmet: codes.map((code) => ({ code, message: code })) },
    ];
    const codes = (role: Role, list: RequirementCode[]) =>
      discloseAvailability(unmet(list), readerOf(role))[0].unmet.map((u) => u.code);
    const travel: RequirementCode[] = [
      'TRAVEL_DOCUMENT_MISSING',
      'EXIT_AUTHORIZATION_MISSING',
      'RECEPTION_NOT_CONFIRMED',
      'NO_SHOW_REVIEW_REQUIRED',
      'FIT_TO_TRAVEL_MISSING',
      'ESCORT_REQUIRED',
      'PRE_EMBARKATION_CHECK_MISSING',
      'VOLUNTARINESS_NOT_RECONFIRMED',
      'UASC_HANDOVER_NOT_SIGNED',
    ];
    expect(codes('movement', travel)).toEqual(travel);
    // A step of casework that blocks the booking is named (to hand the case back); the rest is withheld.
    expect(codes('movement', ['COUNSELLING_SESSION_MISSING', 'DECLARATION_NOT_SIGNED'])).toEqual([
      'COUNSELLING_SESSION_MISSING',
      'DECLARATION_NOT_SIGNED',
    ]);
    expect(codes('movement', ['ELIGIBILITY_NOT_RECORDED', 'PLAN_NOT_SIGNED'])).toEqual([WITHHELD]);
    const fitness: RequirementCode[] = [
      'FIT_TO_TRAVEL_MISSING',
      'FIT_TO_TRAVEL_EXPIRED',
      'ASSESSMENT_PENDING',
      'PRE_EMBARKATION_CHECK_MISSING',
      'HOLD_ALREADY_ACTIVE',
      'HOLD_NOT_ACTIVE',
      'ROLE_NOT_ALLOWED',
      'NOT_ALLOWED_IN_STAGE',
    ];
    expect(codes('medical', fitness)).toEqual(fitness);
    expect(codes('medical', ['ELIGIBILITY_NOT_RECORDED', 'TRAVEL_DOCUMENT_MISSING'])).toEqual([WITHHELD]);
  });

  it('should decide every requirement code in the data classes the roles know', () => {
    for (const rule of Object.values(REQUIREMENT_DISCLOSURE)) {
      expect(TOPIC_CLASS[rule.code]).toBeDefined();
      if (rule.message) expect(TOPIC_CLASS[rule.message]).toBeDefined();
    }
  });
});

describe('reminders and notifications', () => {
  const vot = {
    id: 'case-1.k2V9fQx1mR0aB7cD4eF6gH',
    kind: 'VOT_REASSESSMENT',
    subject: 'm1-VOT_RISK',
    step: 0,
  };
  it("should withhold a VoT reassessment's kind, subject and recipients' roles from operations", () => {
    const withRecipients = { ...vot, recipients: [{ role: 'protection', office: 'MA-RBA' }] };
    const shown = discloseReminder(withRecipients, readerOf('operations'));
    expect(JSON.stringify(shown)).not.toMatch(/VOT|protection/);
    expect(shown).toMatchObject({ category: 'ASSESSMENT_DUE', kind: 'WITHHELD', recipients: [{ office: 'MA-RBA' }] });
    expect(discloseReminder(withRecipients, readerOf('protection'))).toEqual({
      ...withRecipients,
      category: 'ASSESSMENT_DUE',
    });
    const expiry = { ...vot, id: 'case-1.x', kind: 'DOCUMENT_EXPIRY', subject: 'm1-PASSPORT' };
    expect(discloseReminder(expiry, readerOf('operations'))).toEqual({ ...expiry, category: 'DOCUMENTS' });
  });

  it('should show operations every kind of a category alike, so that a withheld kind tells nothing', () => {
    const ops = readerOf('operations');
    for (const kind of REMINDER_KINDS) {
      const sameCategory = REMINDER_KINDS.filter((k) => REMINDER_CATEGORY[k] === REMINDER_CATEGORY[kind]);
      expect([kind, seesReminderKind(kind, ops)]).toEqual([kind, seesReminderKind(sameCategory[0], ops)]);
    }
    // The undecided case is withheld with the VoT reassessment, the departure call with the medical check.
    expect(seesReminderKind('UNDECIDED_CASE', ops)).toBe(false);
    expect(seesReminderKind('DEPARTURE_CALL', ops)).toBe(false);
    expect(seesReminderKind('DOCUMENT_EXPIRY', ops)).toBe(true);
    expect(seesReminderKind('VOT_REASSESSMENT', readerOf('officer'))).toBe(true);
  });

  it('should put every category next to an ordinary kind: no category holds only special-category kinds', () => {
    const categories = new Set(Object.values(REMINDER_CATEGORY));
    for (const c of categories) {
      const kinds = REMINDER_KINDS.filter((k) => REMINDER_CATEGORY[k] === c);
      expect([c, kinds.some((k) => REMINDER_DISCLOSURE[k] === 'OPERATIONAL')]).toEqual([c, true]);
      expect(c).not.toMatch(/VOT|MEDICAL|ASYLUM|GBV|HEALTH|PROTECTION|EMBARK/);
    }
  });

  it('should shape a reminder notification like its reminder', () => {
    const n = {
      id: '1',
      kind: 'REMINDER',
      reminderId: vot.id,
      body: { reminderKind: 'VOT_REASSESSMENT', subject: 'm1-VOT_RISK', caseReference: 'R' },
    };
    expect(JSON.stringify(discloseNotification(n, readerOf('officer')))).toContain('VOT');
    expect(JSON.stringify(discloseNotification(n, readerOf('operations')))).not.toContain('VOT');
    const sla = { id: '2', kind: 'SLA_ESCALATION', reminderId: null, body: { caseReferences: ['R'] } };
    expect(discloseNotification(sla, readerOf('operations'))).toEqual(sla);
  });
});

describe('the special-category part at rest', () => {
  it('should seal vulnerabilities, assessments, fitness and hold reasons, and join them back', () => {
    const view = everything();
    const { open, special } = splitSpecialCategories(view);
    expect(JSON.stringify(open)).not.toMatch(/VOT"|GBV|ASYLUM|MENTAL|TOO_HIGH|DX-1|COURT-1|STORY-1/);
    expect(joinSpecialCategories(open, special)).toEqual(view);
  });

  it('should join a row sealed before hold reasons and fitness were sealed (they stayed in clear)', () => {
    const view = everything();
    const { special } = splitSpecialCategories(view);
    expect(joinSpecialCategories(view, { members: special.members.map(({ fitToTravel: _f, ...m }) => m) })).toEqual(
      view,
    );
  });
});

describe('the work queue, search and staff names', () => {
  it('should withhold the kind of a deadline that reveals a special category, never its date', () => {
    const vot = { kind: 'VOT_ASSESSMENT_EXPIRY' as const, dueAt: '2026-02-01T00:00:00.000Z' };
    expect(discloseDeadline(vot, readerOf('officer'))).toEqual(vot);
    expect(discloseDeadline(vot, readerOf('operations'))).toEqual({ kind: WITHHELD, dueAt: vot.dueAt });
    expect(discloseDeadline(vot, readerOf('movement'))).toEqual({ kind: WITHHELD, dueAt: vot.dueAt });
    const doc = { kind: 'DOCUMENT_EXPIRY' as const, dueAt: vot.dueAt };
    expect(discloseDeadline(doc, readerOf('operations'))).toEqual(doc);
    expect(discloseDeadline(null, readerOf('officer'))).toBeNull();
  });

  it('should show staff names to every role that reads more than operational facts', () => {
    const named = ROLES.filter((r) => seesStaffNames(readerOf(r)));
    expect(named).toEqual(['officer', 'supervisor', 'protection', 'medical', 'movement', 'counterpart', 'finance']);
  });

  it('should let only the roles that see identity search by it', () => {
    expect(ROLES.filter(maySearchByIdentity)).toEqual(
      ROLES.filter((r) => ROLE_DISCLOSURE[r].sees.includes('IDENTITY')),
    );
    expect(maySearchByIdentity('finance')).toBe(false);
    expect(maySearchByIdentity('operations')).toBe(false);
    expect(maySearchByIdentity('counterpart')).toBe(true);
  });
});

describe('retention: who runs it, and who is refused an anonymised case', () => {
  // One row per role: [may run and read retention runs, reads personal data (410 once anonymised)].
  const table: Record<Role, [boolean, boolean]> = {
    officer: [false, true],
    supervisor: [true, true],
    protection: [false, true],
    medical: [false, true],
    movement: [false, true],
    counterpart: [false, true],
    finance: [false, true],
    operations: [true, false],
    dpo: [true, false],
    me: [false, false],
    admin: [false, false],
    system: [false, false],
  };
  it.each(ROLES)('%s', (role) => {
    expect([RETENTION_ACCESS[role], readsPersonalData(role)]).toEqual(table[role]);
    expect(RETENTION_ROLES.includes(role)).toBe(table[role][0]);
  });
});

describe('disclosure of tasks', () => {
  const task = (kind: string, ownerRole: string) => ({
    kind,
    ownerRole,
    subject: 'a1-VOT_RISK',
    memberId: 'a1',
    suggestedAction: kind === 'RSS_FOLLOW_UP' ? 'MHPSS_REFERRAL' : null,
    command: 'RecordAssessmentResult',
  });
  const table: [string, string, Role, boolean][] = [
    ['VOT_RISK_ASSESSMENT', 'protection', 'protection', true],
    ['VOT_RISK_ASSESSMENT', 'protection', 'supervisor', true],
    ['VOT_RISK_ASSESSMENT', 'protection', 'officer', false],
    ['VOT_RISK_ASSESSMENT', 'protection', 'operations', false],
    ['VOT_RISK_ASSESSMENT', 'protection', 'movement', false],
    ['MEDICAL_ASSESSMENT', 'medical', 'medical', true],
    ['MEDICAL_ASSESSMENT', 'medical', 'officer', false],
    ['UNHCR_NOTIFICATION', 'officer', 'officer', true],
    ['UNHCR_NOTIFICATION', 'officer', 'operations', false],
    ['UNHCR_NOTIFICATION', 'officer', 'movement', false],
    ['CHILD_WITHOUT_GUARDIAN', 'protection', 'officer', true],
    ['CHILD_WITHOUT_GUARDIAN', 'protection', 'operations', false],
    ['CANCEL_TICKET', 'movement', 'officer', true],
    ['CANCEL_TICKET', 'movement', 'operations', false],
    ['NO_SHOW_REVIEW', 'supervisor', 'operations', true],
    ['DOCUMENT_RENEWAL', 'officer', 'operations', true],
    ['RSS_FOLLOW_UP', 'counterpart', 'counterpart', true],
    ['RSS_FOLLOW_UP', 'counterpart', 'operations', false],
  ];
  it.each(table)('a %s task owned by %s: the %s sees its kind: %s', (kind, owner, role, shown) => {
    const out = discloseTask(task(kind, owner), readerOf(role));
    if (shown) expect(out.kind).toBe(kind);
    else expect(out).toMatchObject({ kind: NEUTRAL_TASK_KIND, subject: null, memberId: null, command: WITHHELD });
  });

  it('should withhold an MHPSS suggestion from a non-owner who may not see mental health, and keep it for the owner', () => {
    expect(discloseTask(task('RSS_FOLLOW_UP', 'counterpart'), readerOf('counterpart')).suggestedAction).toBe(
      'MHPSS_REFERRAL',
    );
    expect(discloseTask(task('RSS_FOLLOW_UP', 'counterpart'), readerOf('officer')).suggestedAction).toBeNull();
  });

  it('should classify every task kind', () => {
    expect(Object.keys(TASK_DISCLOSURE).sort()).toEqual([...TASK_KINDS].sort());
  });
});

describe('the receiving office in the loop (incoming cases, case-event notifications)', () => {
  const item = {
    caseId: 'c1',
    reference: 'MA-1',
    stage: 'BOOKED' as const,
    hostOffice: 'RABAT',
    receivingOffice: 'DAKAR',
    countryOfOrigin: 'SN',
    expectedDepartureDate: '2026-12-01',
    expectedArrivalDate: '2026-12-02',
    itineraryRef: 'AT-123',
    travellerCount: 2,
    adultCount: 1,
    childCount: 1,
    escortOnItinerary: false,
    needsShared: true,
    needs: { medical: true, uasc: false, protection: false, vulnerable: true, escortRequired: false },
    updatedAt: '2026-11-30T09:00:00.000Z',
  };
  it.each([
    ['counterpart', false, { itinerary: true, needs: false }],
    ['counterpart', true, { itinerary: true, needs: true }],
    ['supervisor', false, { itinerary: true, needs: true }],
    ['operations', false, { itinerary: false, needs: false }],
    ['finance', false, { itinerary: false, needs: false }],
  ] as const)('%s (consent %s) sees %j', (role, consented, expected) => {
    const reader = readerOf(
      role,
      consented ? { reintegration: { continuityOfCareConsent: true } as never } : undefined,
    );
    const shown = discloseIncoming(item, reader);
    expect({ itinerary: shown.itineraryRef !== null, needs: shown.needs !== null }).toEqual(expected);
    expect(shown.travellerCount).toBe(2);
  });

  it('should strip the dates of a case-event notification for a reader who may not see the itinerary', () => {
    const n = {
      kind: 'CASE_EVENT',
      reminderId: null,
      body: { notificationKind: 'NO_SHOW', caseReference: 'MA-1', expectedDepartureDate: '2026-12-01' },
    };
    expect(discloseNotification(n, readerOf('counterpart')).body).toEqual(n.body);
    expect(discloseNotification(n, readerOf('finance')).body).toEqual({
      notificationKind: 'NO_SHOW',
      caseReference: 'MA-1',
    });
  });
});

describe('possible duplicates', () => {
  const found: PossibleDuplicate = {
    caseId: 'c-1',
    reference: 'MA-RBA-2026-AAAA',
    office: 'MA-RBA',
    stage: 'DEPARTED',
    score: 0.93,
    features: ['PHONE', 'NAME_VARIANT'],
    decision: null,
    direction: 'FOUND',
  };
  const linked: PossibleDuplicate = { ...found, caseId: 'c-2', decision: 'SAME_PERSON' };
  const ref = { caseId: 'c-2', reference: found.reference, office: 'MA-RBA', stage: 'DEPARTED' };
  const full = (d: PossibleDuplicate) => ({ ...d });

  it.each<[Role, unknown[]]>([
    ['officer', [full(found), full(linked)]],
    ['supervisor', [full(found), full(linked)]],
    ['protection', [full(found), full(linked)]],
    ['counterpart', [{ ...ref, decision: 'SAME_PERSON', direction: 'FOUND' }]],
    ['medical', []],
    ['movement', []],
    ['finance', []],
    ['operations', []],
    ['me', []],
    ['admin', []],
    ['system', []],
  ])('%s sees %j', (role, expected) => {
    expect(disclosePossibleDuplicates([found, linked], role)).toEqual(expected);
  });

  it('covers every role and never carries more than references, codes and the score', () => {
    expect(Object.keys(DUPLICATE_DISCLOSURE).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES)
      for (const d of disclosePossibleDuplicates([found, linked], role))
        expect(
          Object.keys(d).every((k) =>
            ['caseId', 'reference', 'office', 'stage', 'score', 'features', 'decision', 'direction'].includes(k),
          ),
        ).toBe(true);
  });

  it('shows that the person is a repeat applicant only to the roles that see duplicate matches', () => {
    const view: CaseView = {
      ...toView(statesByStage().SCREENING as CaseState),
      repeatApplicant: {
        candidateReferences: ['MA-RBA-2026-AAAA'],
        rule: 'SUPERVISOR_EXCEPTION',
        exceptionRequired: true,
      },
    };
    for (const role of ROLES) {
      const shown = (discloseCase(view, readerOf(role)) as { repeatApplicant?: unknown }).repeatApplicant;
      expect([role, shown]).toEqual([role, DUPLICATE_DISCLOSURE[role] === 'MATCH' ? view.repeatApplicant : undefined]);
    }
  });
});

describe('RSS weight sets and rescored surveys (issue 10)', () => {
  /** Per role: access to the weight sets, and whether it sees a case's RSS scores recomputed (no consent, consent). */
  const table: Record<Role, [RssWeightsAccess, boolean, boolean]> = {
    admin: ['MANAGE', false, false],
    officer: ['READ', true, true],
    supervisor: ['READ', true, true],
    protection: ['READ', true, true],
    counterpart: ['READ', true, true],
    me: ['READ', false, false],
    medical: ['NONE', false, false],
    movement: ['NONE', false, false],
    finance: ['NONE', false, false],
    operations: ['NONE', false, false],
    dpo: ['NONE', false, false],
    system: ['NONE', false, false],
  };
  const consented = { reintegration: { continuityOfCareConsent: true } } as unknown as CaseView;

  it.each([...ROLES])('should give %s the access of the table', (role) => {
    expect([
      RSS_WEIGHTS_ACCESS[role],
      mayReadRssScores(readerOf(role)),
      mayReadRssScores(readerOf(role, consented)),
    ]).toEqual(table[role]);
  });

  it('should list every role, and give the recomputed score exactly to the readers of case management (D2)', () => {
    expect(Object.keys(RSS_WEIGHTS_ACCESS).sort()).toEqual([...ROLES].sort());
    expect(Object.keys(RSS_SCORE_ACCESS).sort()).toEqual([...ROLES].sort());
    expect(RSS_WEIGHTS_MANAGERS).toEqual(['admin']);
    expect([...RSS_WEIGHTS_READERS].sort()).toEqual([
      'admin',
      'counterpart',
      'me',
      'officer',
      'protection',
      'supervisor',
    ]);
    for (const role of ROLES)
      expect([role, RSS_SCORE_ACCESS[role]]).toEqual([role, ROLE_DISCLOSURE[role].sees.includes('CASE_MANAGEMENT')]);
  });

  it('should show who added a weight set to administrators only, and no set to a role without access', () => {
    const set = { version: 'W-2', instrumentVersion: 'RSS-1', createdBy: 'u-1' };
    expect(discloseRssWeightSet(set, 'admin')).toEqual(set);
    expect(discloseRssWeightSet(set, 'counterpart')).toEqual({ version: 'W-2', instrumentVersion: 'RSS-1' });
    expect(discloseRssWeightSet(set, 'operations')).toBeNull();
    expect(discloseRssWeightSet(set, 'dpo')).toBeNull();
  });

  it('should show a rescored survey to the readers of RSS scores only', () => {
    const result = { rssId: 'RSS-1', stored: { composite: 0.4 }, recomputed: { composite: 0.6 } };
    expect(discloseRssRescore(result, readerOf('counterpart'))).toBe(result);
    for (const role of ['finance', 'operations', 'medical', 'movement', 'me', 'dpo', 'admin'] as const)
      expect(discloseRssRescore(result, readerOf(role))).toBeNull();
  });
});
