import { CodedHttpException, StaffUser } from '@avrr/auth';
import { describeError } from '@avrr/observability';
import {
  ASSISTED_STAGES,
  discloseAvailability,
  discloseRequirements,
  readerOf,
  type CaseCommand,
  type CommandEnvelope,
  type RecordDuplicateDecision,
  type Requirement,
} from '@avrr/domain';
import {
  CaseRepository,
  DuplicateRepository,
  HouseholdRepository,
  idempotencyDigestKey,
  idempotencyKeyDigest,
  IdempotencyRepository,
  OfficeSettingsRepository,
  RetentionRepository,
} from '@avrr/persistence';
import { CaseProjection } from '@avrr/projection';
import { CaseWorkflowClient } from '@avrr/temporal';
import type { CaseCommandResult } from '@avrr/workflows/contracts';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { requestHash } from '../http/request-hash';
import { flattenValidationErrors } from '../http/validation';
import { caseAnonymised } from './case-anonymised';
import { CaseCommandSlots } from './case-command-slots';
import { takeDocumentNumbers } from './document-numbers';
import { scopeOf } from './case-scope';
import { caseResponse } from './dto/case.response';
import { CaseCommandRequest } from './dto/case-command.request';
import { COMMAND_PAYLOADS } from './dto/commands';
import { RssService } from '../rss/rss.service';

/**
 * The unmet requirements a rule's rejection carries, shaped for the caller like any other response (the error filter
 * renders them as details.requirements).
 */
function discloseRejection(err: WorkflowUpdateFailedError, role: StaffUser['role']): void {
  const rejection =
    err.cause instanceof ApplicationFailure
      ? (err.cause.details?.[0] as { requirements?: Requirement[] } | undefined)
      : undefined;
  if (rejection && Array.isArray(rejection.requirements))
    rejection.requirements = discloseRequirements(rejection.requirements, readerOf(role)) as Requirement[];
}

/** An effective time may lie in the past (a visit typed in later), never in the future beyond clock skew. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

@Injectable()
export class CaseCommandsService {
  private readonly logger = new Logger(CaseCommandsService.name);
  /** Key of the stored digests of Idempotency-Keys and request hashes (never the key in clear). */
  private readonly digestKey: Buffer;
  constructor(
    private readonly cases: CaseRepository,
    private readonly household: HouseholdRepository,
    private readonly duplicates: DuplicateRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly offices: OfficeSettingsRepository,
    private readonly workflows: CaseWorkflowClient,
    private readonly projection: CaseProjection,
    private readonly slots: CaseCommandSlots,
    private readonly retention: RetentionRepository,
    private readonly rss: RssService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.digestKey = idempotencyDigestKey(config.piiKey);
  }

  /** An anonymised case takes no command and has no workflow to ask: 410 in scope, 404 out of it. */
  private async refuseAnonymised(user: StaffUser, caseId: string): Promise<void> {
    if (!(await this.retention.anonymisedAt(caseId))) return;
    if (!(await this.cases.locate(caseId, scopeOf(user))))
      throw new CodedHttpException(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND', 'Case not found');
    throw caseAnonymised();
  }

  /**
   * Pure checks, then scope, staleness and the key's claim in one round trip, a slot on the case, the Update on the
   * case workflow, and the projection of its committed result; the response is the new case view.
   */
  async apply(
    user: StaffUser,
    caseId: string,
    body: CaseCommandRequest,
    idempotencyKey: string | undefined,
    now = new Date(),
  ) {
    // Pure checks first: a request that cannot succeed claims no Idempotency-Key (its corrected retry may reuse it).
    const effectiveAt = body.effectiveAt ? new Date(body.effectiveAt) : now;
    if (effectiveAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
      throw new CodedHttpException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'EFFECTIVE_TIME_IN_FUTURE',
        'effectiveAt may not be in the future',
      );
    }
    const payload = this.payloadOf(body);
    const { numbers: documentNumbers, invalid: badNumber } = takeDocumentNumbers(body.type, payload);
    if (badNumber)
      throw new CodedHttpException(
        HttpStatus.BAD_REQUEST,
        'VALIDATION_FAILED',
        `Invalid ${body.type} payload: ${badNumber}`,
        {
          fields: [{ field: badNumber, errors: ['a document number has at least 4 letters or digits'] }],
        },
      );
    await this.refuseAnonymised(user, caseId);
    // The household's personal data is read while the rest works (members change only by SplitCase, which only
    // removes some: what the new view names is always among them; otherwise read again). Shown only in scope.
    const household = this.household.membersOf(caseId);
    household.catch(() => undefined); // awaited below; never an unhandled rejection
    // The key's digest becomes the Update id (never the key: it would sit in Temporal's history and the audit trail);
    // the same key with a different command would silently return the first result, hence the claim.
    const keyDigest = idempotencyKey ? idempotencyKeyDigest(this.digestKey, idempotencyKey) : undefined;
    const commandId = `cmd:${user.id}:${keyDigest ?? randomUUID()}`;
    const claim = keyDigest
      ? { scope: `${user.id}:commands:${caseId}`, key: keyDigest, requestHash: requestHash(body, this.digestKey) }
      : undefined;
    const begun = await this.cases.beginCommand(
      caseId,
      scopeOf(user),
      { commandId, expectedVersion: body.expectedVersion },
      claim,
    );
    if (!begun) throw new CodedHttpException(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND', 'Case not found');
    const { row } = begun;
    if (begun.claim === 'mismatch') {
      throw new CodedHttpException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for a different command',
      );
    }
    if (begun.claim === 'stale') {
      // The read model holds only committed versions: one above expectedVersion proves it stale without asking the
      // workflow (a burst of stale commands never queues behind it).
      throw new CodedHttpException(
        HttpStatus.CONFLICT,
        'STALE_VERSION',
        `The case is at version ${row.version}, not ${body.expectedVersion}: reload it and decide again`,
        { requirements: [], currentVersion: row.version },
      );
    }
    if (begun.claim === 'busy') throw this.caseBusy();
    // Refused before it reached the workflow: the key is free again for the corrected request, nothing is pending.
    const unclaim = async () => {
      await this.cases.clearPending(commandId);
      if (claim && begun.claim === 'new') await this.idempotency.release(claim.scope, claim.key);
    };
    const command = await this.checkReferences(
      { type: body.type, ...payload, ...this.serverFields(body.type, caseId, row.reference) } as CaseCommand,
      row.countryOfOrigin,
      caseId,
      user,
    ).catch(async (err: unknown) => {
      await unclaim();
      throw err;
    });
    const slot = await this.slots.acquire(caseId);
    if (!slot) {
      await unclaim();
      throw this.caseBusy();
    }
    const envelope: CommandEnvelope = {
      meta: {
        commandId,
        actor: { userId: user.id, role: user.role },
        expectedVersion: body.expectedVersion,
        effectiveAt: effectiveAt.toISOString(),
      },
      command,
    };
    let result: CaseCommandResult;
    try {
      result = await this.workflows.apply(caseId, envelope);
    } catch (err) {
      // A rule's rejection never reached history: nothing to project. Any other failure may hide a committed
      // Update: its pending mark stays for the worker's reconciler, and a retry with the same key gets its result.
      if (err instanceof WorkflowUpdateFailedError) {
        await this.cases.clearPending(commandId).catch(() => undefined);
        discloseRejection(err, user.role);
      }
      throw err;
    } finally {
      void slot.release();
    }
    await this.projectCommitted(result);
    // Committed: the numbers of the documents it recorded join duplicate detection, as keyed digests only.
    for (const d of documentNumbers) await this.household.addDocumentNumbers(caseId, d.memberId, [d.number]);
    if (command.type === 'RecordDuplicateDecision')
      await this.duplicates.decide(caseId, command.candidateCaseId, command.decision, user.id);
    this.logger.log(
      { caseId, command: body.type, version: result.view.version, stage: result.view.stage },
      'command applied',
    );
    let members = await household;
    const known = new Set(members.map((m) => m.memberId));
    if (!result.view.members.every((m) => known.has(m.memberId))) members = await this.household.membersOf(caseId);
    return {
      ...caseResponse(result.view, members, user.role),
      availableCommands: discloseAvailability(result.available, readerOf(user.role, result.view)),
    };
  }

  /**
   * Temporal returned the result, so it is committed: record it before answering, so the caller reads its own write.
   * If PostgreSQL fails now the command still happened; the answer says so, and the worker's reconciler records it
   * from Temporal's history (the command's pending mark stays until then).
   */
  private async projectCommitted(result: CaseCommandResult): Promise<void> {
    if (!result.change) return; // a retry of a command applied before: nothing new
    try {
      await this.projection.project({
        view: result.view,
        change: result.change,
        reminderFacts: result.reminderFacts,
        workFacts: result.workFacts,
        reportFacts: result.reportFacts,
      });
    } catch (err) {
      this.logger.warn(
        { caseId: result.view.caseId, version: result.change.version, err: describeError(err) },
        'committed command not projected; the reconciler will record it',
      );
      await this.cases.recordPendingFailure(result.view.caseId, describeError(err)).catch(() => undefined);
    }
  }

  private caseBusy(): CodedHttpException {
    return new CodedHttpException(
      HttpStatus.TOO_MANY_REQUESTS,
      'CASE_BUSY',
      'This case is busy with other commands; retry shortly with the same Idempotency-Key',
      undefined,
      1,
    );
  }

  async requirements(user: StaffUser, caseId: string) {
    const row = await this.cases.locate(caseId, scopeOf(user));
    if (!row) throw new CodedHttpException(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND', 'Case not found');
    await this.refuseAnonymised(user, caseId);
    const commands = await this.workflows.available(caseId, { userId: user.id, role: user.role });
    // The read model's view says whether the returnee consented to sharing D3 with a counterpart.
    const view = user.role === 'counterpart' ? (await this.cases.findById(caseId, scopeOf(user)))?.view : undefined;
    return {
      caseId,
      reference: row.reference,
      stage: row.stage,
      version: row.version,
      commands: discloseAvailability(commands, readerOf(user.role, view)),
    };
  }

  private payloadOf(body: CaseCommandRequest): Record<string, unknown> {
    const instance = plainToInstance(COMMAND_PAYLOADS[body.type], body.payload ?? {});
    const errors = validateSync(instance, {
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
    });
    if (errors.length) {
      const fields = flattenValidationErrors(errors, 'payload');
      throw new CodedHttpException(
        HttpStatus.BAD_REQUEST,
        'VALIDATION_FAILED',
        `Invalid ${body.type} payload: ${fields.map((f) => f.field).join(', ')}`,
        { fields },
      );
    }
    return JSON.parse(JSON.stringify(instance));
  }

  /**
   * References to offices are checked against the office register: a returnee is handed to a receiving office of
   * their country. The arrival then carries that office's calendar, for the handover deadline in its working days.
   */
  private async checkReferences(
    command: CaseCommand,
    countryOfOrigin: string,
    caseId: string,
    user?: StaffUser,
  ): Promise<CaseCommand> {
    if (command.type === 'RecordDuplicateDecision') return this.withCandidate(command, caseId);
    if (command.type === 'RecordRss') {
      // Scored with the newest weight set an administrator added for the instrument; none: the configured weights.
      const weights = await this.rss.weightsFor(command.instrumentVersion);
      return weights ? { ...command, weights } : command;
    }
    if (command.type === 'ConfirmBooking' || command.type === 'ChangeBooking') {
      // From booking on the receiving office expects the returnee: the case names it, so its counterparts see it.
      const receiving = (await this.offices.all()).find((o) => o.kind === 'COO' && o.country === countryOfOrigin);
      return receiving ? { ...command, receivingOffice: receiving.office } : command;
    }
    if (command.type !== 'RecordArrival') return command;
    // A receiving counterpart records the arrival of returnees received by their own office only.
    if (user?.role === 'counterpart' && command.receivingOffice !== user.office) {
      throw new CodedHttpException(
        HttpStatus.FORBIDDEN,
        'OFFICE_OUT_OF_SCOPE',
        'You may record arrivals only for your own receiving office',
        { fields: [{ field: 'payload.receivingOffice', errors: ['not your office'] }] },
      );
    }
    const office = (await this.offices.all()).find((o) => o.office === command.receivingOffice);
    if (!office || office.kind !== 'COO' || office.country !== countryOfOrigin) {
      throw new CodedHttpException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'INVALID_RECEIVING_OFFICE',
        `${command.receivingOffice} is not a receiving office in ${countryOfOrigin}`,
        { fields: [{ field: 'payload.receivingOffice', errors: ['not a receiving office of the country of origin'] }] },
      );
    }
    return {
      ...command,
      receivingCalendar: { timeZone: office.timeZone, weekendDays: office.weekendDays, holidays: office.holidays },
    };
  }

  /**
   * A duplicate decision names one of the case's possible duplicates (found at its registration); the other case's
   * reference and whether it departed with assistance come from the read model, never from the caller.
   */
  private async withCandidate(command: RecordDuplicateDecision, caseId: string): Promise<CaseCommand> {
    const candidate = (await this.duplicates.of(caseId)).find(
      (d) => d.direction === 'FOUND' && d.caseId === command.candidateCaseId,
    );
    if (!candidate)
      throw new CodedHttpException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'DUPLICATE_CANDIDATE_NOT_FOUND',
        'candidateCaseId is not a possible duplicate of this case',
        { fields: [{ field: 'payload.candidateCaseId', errors: ['not among possibleDuplicates'] }] },
      );
    return {
      ...command,
      candidateReference: candidate.reference,
      candidateAssisted: ASSISTED_STAGES.includes(candidate.stage),
    };
  }

  /** Fields the server decides, never the caller. */
  private serverFields(type: CaseCommand['type'], caseId: string, reference: string): Record<string, unknown> {
    if (type !== 'SplitCase') return {};
    const newCaseId = randomUUID();
    return { newCaseId, newReference: `${reference}-S${newCaseId.slice(0, 4).toUpperCase()}` };
  }
}
