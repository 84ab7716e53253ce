import { CodedHttpException, StaffUser } from '@avrr/auth';
import type { CaseCommand, CommandEnvelope } from '@avrr/domain';
import { CaseWorkflowClient } from '@avrr/temporal';
import { CaseRepository, HouseholdRepository, IdempotencyRepository, OfficeSettingsRepository } from '@avrr/persistence';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { requestHash } from '../http/request-hash';
import { flattenValidationErrors } from '../http/validation';
import { scopeOf } from './case-scope';
import { caseResponse } from './dto/case.response';
import { CaseCommandRequest } from './dto/case-command.request';
import { COMMAND_PAYLOADS } from './dto/commands';

/** An effective time may lie in the past (a visit typed in later), never in the future beyond clock skew. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

@Injectable()
export class CaseCommandsService {
  private readonly logger = new Logger(CaseCommandsService.name);
  constructor(private readonly cases: CaseRepository, private readonly household: HouseholdRepository,
              private readonly idempotency: IdempotencyRepository, private readonly offices: OfficeSettingsRepository,
              private readonly workflows: CaseWorkflowClient) {}

  /** Scope check, payload validation, then the Update on the case workflow; the response is the new case view. */
  async apply(user: StaffUser, caseId: string, body: CaseCommandRequest, idempotencyKey: string | undefined, now = new Date()) {
    // Pure checks first: a request that cannot succeed claims no Idempotency-Key (its corrected retry may reuse it).
    const effectiveAt = body.effectiveAt ? new Date(body.effectiveAt) : now;
    if (effectiveAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
      throw new CodedHttpException(HttpStatus.UNPROCESSABLE_ENTITY, 'EFFECTIVE_TIME_IN_FUTURE', 'effectiveAt may not be in the future');
    }
    const payload = this.payloadOf(body);
    // The household's personal data is read while the rest works (members change only by SplitCase, which only
    // removes some: what the new view names is always among them; otherwise read again). Shown only in scope.
    const household = this.household.membersOf(caseId);
    household.catch(() => undefined);                              // awaited below; never an unhandled rejection
    // The key becomes the Update id; the same key with a different command would silently return the first result.
    // Scope check and claim in one round trip.
    const claim = idempotencyKey ? { scope: `${user.id}:commands:${caseId}`, key: idempotencyKey, requestHash: requestHash(body) } : undefined;
    const located = claim
      ? await this.cases.locateAndClaim(caseId, scopeOf(user), claim)
      : await this.cases.locate(caseId, scopeOf(user)).then((row) => (row ? { row, claim: 'new' as const } : null));
    if (!located) throw new CodedHttpException(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND', 'Case not found');
    if (located.claim === 'mismatch') {
      throw new CodedHttpException(HttpStatus.UNPROCESSABLE_ENTITY, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different command');
    }
    const { row } = located;
    const command = await this.checkReferences(
      { type: body.type, ...payload, ...this.serverFields(body.type, caseId, row.reference) } as CaseCommand, row.countryOfOrigin)
      .catch(async (err: unknown) => {
        // Refused before it reached the workflow: the key is free again for the corrected request.
        if (claim && located.claim === 'new') await this.idempotency.release(claim.scope, claim.key);
        throw err;
      });
    const envelope: CommandEnvelope = {
      meta: { commandId: `cmd:${user.id}:${idempotencyKey ?? randomUUID()}`, actor: { userId: user.id, role: user.role },
        expectedVersion: body.expectedVersion, effectiveAt: effectiveAt.toISOString() },
      command,
    };
    const result = await this.workflows.apply(caseId, envelope);
    this.logger.log({ caseId, command: body.type, version: result.view.version, stage: result.view.stage }, 'command applied');
    let members = await household;
    const known = new Set(members.map((m) => m.memberId));
    if (!result.view.members.every((m) => known.has(m.memberId))) members = await this.household.membersOf(caseId);
    return { ...caseResponse(result.view, members, user.role), availableCommands: result.available };
  }

  async requirements(user: StaffUser, caseId: string) {
    const row = await this.cases.locate(caseId, scopeOf(user));
    if (!row) throw new CodedHttpException(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND', 'Case not found');
    const commands = await this.workflows.available(caseId, { userId: user.id, role: user.role });
    return { caseId, reference: row.reference, stage: row.stage, version: row.version, commands };
  }

  private payloadOf(body: CaseCommandRequest): Record<string, unknown> {
    const instance = plainToInstance(COMMAND_PAYLOADS[body.type], body.payload ?? {});
    const errors = validateSync(instance as object, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
    if (errors.length) {
      const fields = flattenValidationErrors(errors, 'payload');
      throw new CodedHttpException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED',
        `Invalid ${body.type} payload: ${fields.map((f) => f.field).join(', ')}`, { fields });
    }
    return JSON.parse(JSON.stringify(instance));
  }

  /**
   * References to offices are checked against the office register: a returnee is handed to a receiving office of
   * their country. The arrival then carries that office's calendar, for the handover deadline in its working days.
   */
  private async checkReferences(command: CaseCommand, countryOfOrigin: string): Promise<CaseCommand> {
    if (command.type !== 'RecordArrival') return command;
    const office = (await this.offices.all()).find((o) => o.office === command.receivingOffice);
    if (!office || office.kind !== 'COO' || office.country !== countryOfOrigin) {
      throw new CodedHttpException(HttpStatus.UNPROCESSABLE_ENTITY, 'INVALID_RECEIVING_OFFICE',
        `${command.receivingOffice} is not a receiving office in ${countryOfOrigin}`, { fields: [{ field: 'payload.receivingOffice', errors: ['not a receiving office of the country of origin'] }] });
    }
    return { ...command, receivingCalendar: { timeZone: office.timeZone, weekendDays: office.weekendDays, holidays: office.holidays } };
  }

  /** Fields the server decides, never the caller. */
  private serverFields(type: CaseCommand['type'], caseId: string, reference: string): Record<string, unknown> {
    if (type !== 'SplitCase') return {};
    const newCaseId = randomUUID();
    return { newCaseId, newReference: `${reference}-S${newCaseId.slice(0, 4).toUpperCase()}` };
  }
}
