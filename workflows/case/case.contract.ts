import type {
  Actor,
  CaseChange,
  CaseOpened,
  CaseReminderFacts,
  CaseState,
  CaseView,
  CommandAvailability,
  CaseWorkFacts,
  ReportCaseFacts,
  CommandEnvelope,
  DomainConfig,
} from '@avrr/domain';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/** Default task queue of case workflows; deployments override it with TEMPORAL_TASK_QUEUE. */
export const CASE_TASK_QUEUE = 'avrr-cases';

/** What a continue-as-new run carries over: the whole rules state (it includes the recently applied command ids). */
export interface CarriedCase {
  state: CaseState;
}

/** A single object argument, so fields can be added without breaking running workflows. */
export interface CaseWorkflowInput {
  caseId: string;
  config: DomainConfig;
  carried?: CarriedCase;
  /** History length after which the run continues as new (default 2000). */
  continueAsNewAfterEvents?: number;
}

export interface CaseOutcome {
  caseId: string;
  stage: string;
  closureReason?: string;
  version: number;
}

/**
 * What every command returns: the new case view and what the caller may do next; with a change, what the caller
 * needs to project it (the change, the view, and the reminder planner's facts from the case state). Results recorded
 * before `reminderFacts` existed lack it: their projection leaves the case's reminders as they are; results recorded
 * before `workFacts` existed lack that: their projection leaves the case's work queue and next deadline as they are.
 */
export interface CaseCommandResult {
  view: CaseView;
  change: CaseChange | null;
  available: CommandAvailability[];
  reminderFacts?: CaseReminderFacts;
  workFacts?: CaseWorkFacts;
  /** The reporting facts of this version (absent in results recorded before they existed). */
  reportFacts?: ReportCaseFacts;
}

/** Sent by the API with update-with-start when a case is created; applying it twice returns the first result. */
export const openCaseUpdate = defineUpdate<CaseCommandResult, [{ opened: CaseOpened; actor: Actor }]>('openCase');
/** Officer or counterpart command. An Update, not a Signal: the caller needs the new view or a coded rejection. */
export const applyCommandUpdate = defineUpdate<CaseCommandResult, [CommandEnvelope]>('applyCommand');
export const caseViewQuery = defineQuery<CaseView | null>('caseView');
/** "Why can't I advance?": every command with allowed or its unmet requirements, for this actor, now. */
export const availableCommandsQuery = defineQuery<CommandAvailability[], [Actor]>('availableCommands');
/**
 * From the stuck-case monitor, when the case's SLA state changes (OK, ALERT, ESCALATE, PAUSED): the workflow writes it
 * to the AvrrSlaState search attribute, so operations can filter cases by it in Temporal's UI. A Signal: nothing to
 * answer, and it never changes the case.
 */
export const slaStateSignal = defineSignal<[{ state: string }]>('slaState');

/** Custom search attributes (registered by the scripts and docker-compose). D0 data only. */
export const AvrrStage = defineSearchAttributeKey('AvrrStage', SearchAttributeType.KEYWORD);
export const AvrrOffice = defineSearchAttributeKey('AvrrOffice', SearchAttributeType.KEYWORD);
export const AvrrCountry = defineSearchAttributeKey('AvrrCountry', SearchAttributeType.KEYWORD);
export const AvrrSlaState = defineSearchAttributeKey('AvrrSlaState', SearchAttributeType.KEYWORD);
