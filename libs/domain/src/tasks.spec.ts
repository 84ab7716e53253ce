import { evolve } from './evolve';
import { blankReintegration } from './reintegration-model';
import type { CaseState } from './state';
import { tasksOf, TASK_COMMANDS, TASK_KINDS, TASK_OWNERS, type TaskKind } from './tasks';
import {
  adult,
  attempt,
  booking,
  child,
  context,
  counselling,
  movement,
  officer,
  opening,
  protection,
  run,
  singleAdultReady,
  statesByStage,
  supervisor,
  T0,
  toScreening,
} from './test-fixtures';

const ctx = context();
const kinds = (s: CaseState) => tasksOf(s, ctx).map((t) => t.kind);
const taskOf = (s: CaseState, kind: TaskKind) => tasksOf(s, ctx).find((t) => t.kind === kind);
const clone = (s: CaseState): CaseState => JSON.parse(JSON.stringify(s)) as CaseState;

function booked(): CaseState {
  return run(singleAdultReady('2025-06-01'), movement, booking('2025-03-20'));
}

/** One state per task kind, built through the commands where the fixtures allow it. */
function stateCalling(kind: TaskKind): CaseState {
  const byStage = statesByStage();
  switch (kind) {
    case 'CANCEL_TICKET':
      return run(booked(), officer, { type: 'Withdraw' });
    case 'VOT_RISK_ASSESSMENT':
      return byStage.ASSESSMENT!;
    case 'MEDICAL_ASSESSMENT':
      return run(byStage.SCREENING!, officer, {
        type: 'RecordRapidVulnerabilityScreening',
        findings: [{ memberId: 'a1', vulnerabilities: ['MEDICAL'] }],
      });
    case 'BID_ASSESSMENT':
    case 'FAMILY_ASSESSMENT': {
      const s = clone(byStage.ASSESSMENT!);
      s.members[0].assessments = [
        {
          assessment: kind === 'BID_ASSESSMENT' ? 'BID' : 'FAMILY',
          status: 'PENDING',
          trigger: 'SCREENING',
          requiredAt: T0,
          previousOutcomes: [],
        },
      ];
      return s;
    }
    case 'NO_SHOW_REVIEW': {
      let s = run(booked(), movement, { type: 'RecordNoShow' }, '2025-03-20T12:00:00.000Z');
      s = run(s, supervisor, { type: 'RecordNoShowReview', approved: true }, '2025-03-21T09:00:00.000Z');
      s = run(s, officer, counselling, '2025-03-21T10:00:00.000Z');
      s = run(s, movement, booking('2025-03-25'), '2025-03-21T11:00:00.000Z');
      return run(s, movement, { type: 'RecordNoShow' }, '2025-03-25T12:00:00.000Z');
    }
    case 'DOCUMENT_RENEWAL':
      return evolve(singleAdultReady('2025-06-01'), {
        type: 'DocumentRenewalRequired',
        memberId: 'a1',
        documentType: 'LAISSEZ_PASSER',
        expiresOn: '2025-06-01',
        reason: 'USED_OR_INVALID',
        effectiveAt: T0,
        recordedAt: T0,
      });
    case 'UNHCR_NOTIFICATION': {
      const s = clone(byStage.DEPARTED!);
      s.members[0].vulnerabilities = ['ASYLUM_SEEKER'];
      return s;
    }
    case 'CHILD_WITHOUT_GUARDIAN': {
      const s = toScreening(opening([adult('a1'), child('c1', ['a1'])]));
      return run(s, officer, { type: 'Withdraw', memberIds: ['a1'] });
    }
    case 'RSS_FOLLOW_UP': {
      const s = clone(byStage.REINTEGRATION_COUNSELLING!);
      s.reintegration = { ...blankReintegration(), ...s.reintegration };
      s.reintegration.followUps = [
        {
          followUpId: 'fu-1',
          reason: 'RSS_BELOW_THRESHOLD',
          rssId: 'rss-1',
          dimensions: ['PSYCHOSOCIAL'],
          status: 'OPEN',
          openedAt: T0,
        },
      ];
      return s;
    }
  }
}

describe('tasks: which role and office gets each task kind', () => {
  const table: [TaskKind, string, string, string][] = [
    ['CANCEL_TICKET', 'movement', 'HOST', 'RecordTicketCancellation'],
    ['BID_ASSESSMENT', 'protection', 'HOST', 'RecordAssessmentResult'],
    ['VOT_RISK_ASSESSMENT', 'protection', 'HOST', 'RecordAssessmentResult'],
    ['FAMILY_ASSESSMENT', 'protection', 'HOST', 'RecordAssessmentResult'],
    ['MEDICAL_ASSESSMENT', 'medical', 'HOST', 'RecordAssessmentResult'],
    ['NO_SHOW_REVIEW', 'supervisor', 'HOST', 'RecordNoShowReview'],
    ['DOCUMENT_RENEWAL', 'officer', 'HOST', 'RequestTravelDocument'],
    ['UNHCR_NOTIFICATION', 'officer', 'HOST', 'RecordPartnerNotification'],
    ['CHILD_WITHOUT_GUARDIAN', 'protection', 'HOST', 'RecordAssessmentResult'],
    ['RSS_FOLLOW_UP', 'counterpart', 'RECEIVING', 'RecordFollowUp'],
  ];

  it('covers every kind', () => {
    expect(table.map(([k]) => k).sort()).toEqual([...TASK_KINDS].sort());
  });

  it.each(table)('should give %s to the %s of the %s office, completed by %s', (kind, role, scope, command) => {
    const task = taskOf(stateCalling(kind), kind);
    expect(task).toBeDefined();
    expect(task!.owner).toEqual({ role, scope });
    expect(TASK_OWNERS[kind]).toEqual({ role, scope });
    expect(task!.command).toBe(command);
    expect(TASK_COMMANDS[kind]).toBe(command);
    expect(Date.parse(task!.dueAt)).not.toBeNaN();
    expect(task!.key).toBe(`case-1.${kind}.${task!.subject}`);
  });
});

describe('tasks: opened and closed by the state', () => {
  it('should have no task on a plain case moving on', () => {
    const byStage = statesByStage();
    for (const stage of ['REGISTERED', 'SCREENING', 'APPROVED', 'READY_FOR_BOOKING', 'BOOKED'] as const)
      expect(kinds(byStage[stage]!)).toEqual([]);
  });

  it('should ask to cancel the tickets after a withdrawal with a live booking, until they are recorded cancelled', () => {
    const withdrawn = stateCalling('CANCEL_TICKET');
    const task = taskOf(withdrawn, 'CANCEL_TICKET')!;
    expect(task.subject).toBe('IT-2025-03-20');
    expect(task.dueAt).toBe('2025-03-02T09:00:00.000Z');
    const done = run(withdrawn, movement, { type: 'RecordTicketCancellation', itineraryRef: 'IT-2025-03-20' });
    expect(kinds(done)).toEqual([]);
    expect(attempt(done, movement, { type: 'RecordTicketCancellation', itineraryRef: 'IT-2025-03-20' }).ok).toBe(false);
  });

  it('should give no ticket task when the withdrawn case had no booking', () => {
    expect(kinds(statesByStage().WITHDRAWN!)).toEqual([]);
  });

  it('should refuse to record the cancellation of an itinerary that did not end by withdrawal or cancellation', () => {
    expect(attempt(booked(), movement, { type: 'RecordTicketCancellation', itineraryRef: 'IT-2025-03-20' }).ok).toBe(
      false,
    );
  });

  it('should close an assessment task once the result is recorded', () => {
    const s = stateCalling('VOT_RISK_ASSESSMENT');
    expect(taskOf(s, 'VOT_RISK_ASSESSMENT')!.subject).toBe('a1-VOT_RISK');
    const done = run(s, protection, {
      type: 'RecordAssessmentResult',
      memberId: 'a1',
      assessment: 'VOT_RISK',
      outcome: 'ACCEPTABLE',
      validUntil: '2025-04-30',
      mitigation: 'ESCORT',
    });
    expect(kinds(done)).not.toContain('VOT_RISK_ASSESSMENT');
  });

  it('should not ask the supervisor to review the first no-show as a task, but the second', () => {
    const first = run(booked(), movement, { type: 'RecordNoShow' }, '2025-03-20T12:00:00.000Z');
    expect(kinds(first)).not.toContain('NO_SHOW_REVIEW');
    const second = stateCalling('NO_SHOW_REVIEW');
    expect(taskOf(second, 'NO_SHOW_REVIEW')!.subject).toBe('no-show-2');
    const reviewed = run(
      second,
      supervisor,
      { type: 'RecordNoShowReview', approved: false },
      '2025-03-26T09:00:00.000Z',
    );
    expect(kinds(reviewed)).not.toContain('NO_SHOW_REVIEW');
  });

  it('should alert at the expiry of a document routed back to renewal and close when a new one is requested', () => {
    const s = stateCalling('DOCUMENT_RENEWAL');
    const task = taskOf(s, 'DOCUMENT_RENEWAL')!;
    expect(task.subject).toBe('a1-LAISSEZ_PASSER');
    expect(task.alertAt).toBe('2025-06-01T00:00:00.000Z');
    const renewed = clone(s);
    renewed.members[0].documents.push({ documentType: 'LAISSEZ_PASSER', status: 'REQUESTED', recordedAt: T0 });
    expect(kinds(renewed)).not.toContain('DOCUMENT_RENEWAL');
  });

  it('should ask the officer to inform UNHCR of an asylum seeker departure, once', () => {
    const s = stateCalling('UNHCR_NOTIFICATION');
    expect(kinds(s)).toEqual(['UNHCR_NOTIFICATION']);
    const done = run(s, officer, { type: 'RecordPartnerNotification', partner: 'UNHCR' });
    expect(kinds(done)).toEqual([]);
    expect(attempt(done, officer, { type: 'RecordPartnerNotification', partner: 'UNHCR' }).ok).toBe(false);
    expect(
      attempt(statesByStage().DEPARTED!, officer, { type: 'RecordPartnerNotification', partner: 'UNHCR' }).ok,
    ).toBe(false);
  });

  it('should give protection a task for a child left without the guardian of record', () => {
    const s = stateCalling('CHILD_WITHOUT_GUARDIAN');
    expect(taskOf(s, 'CHILD_WITHOUT_GUARDIAN')!.memberId).toBe('c1');
    const withGuardian = toScreening(opening([adult('a1'), child('c1', ['a1'])]));
    expect(kinds(withGuardian)).not.toContain('CHILD_WITHOUT_GUARDIAN');
  });

  it('should suggest an MHPSS referral for a low psychosocial score and an extra visit otherwise', () => {
    const s = stateCalling('RSS_FOLLOW_UP');
    expect(taskOf(s, 'RSS_FOLLOW_UP')!.suggestedAction).toBe('MHPSS_REFERRAL');
    const economic = clone(s);
    economic.reintegration!.followUps[0].dimensions = ['ECONOMIC'];
    expect(taskOf(economic, 'RSS_FOLLOW_UP')!.suggestedAction).toBe('EXTRA_VISIT');
    const done = clone(s);
    done.reintegration!.followUps[0].status = 'DONE';
    expect(kinds(done)).toEqual([]);
  });

  it('should give the same tasks for the same state (deterministic keys)', () => {
    const s = stateCalling('CANCEL_TICKET');
    expect(tasksOf(s, ctx)).toEqual(tasksOf(clone(s), context('2030-01-01T00:00:00.000Z')));
  });
});
