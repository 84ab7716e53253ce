import { CodedHttpException, StaffUser } from '@avrr/auth';
import { APP_CONFIG, AppConfig, DOMAIN_CONFIG } from '@avrr/config';
import {
  discloseAvailability,
  disclosePossibleDuplicates,
  DUPLICATE_DISCLOSURE,
  DUPLICATE_THRESHOLD,
  maySearchByIdentity,
  nameSearchForms,
  nameWords,
  normaliseDocumentNumber,
  officeCountry,
  scoreDuplicate,
  toE164,
  readerOf,
  readsPersonalData,
  ROLE_WORK,
  type Actor,
  type CaseOpened,
  type DomainConfig,
  type MemberFacts,
} from '@avrr/domain';

import { CaseWorkflowClient } from '@avrr/temporal';
import {
  CaseRepository,
  DuplicateRepository,
  type DuplicateCandidateRow,
  HouseholdMemberRecord,
  HouseholdRepository,
  idempotencyDigestKey,
  idempotencyKeyDigest,
  IdempotencyRepository,
  OpsRepository,
  phoneDigits,
  RetentionRepository,
  searchWords,
  UserRepository,
  type CaseSearch,
  TaskRepository,
} from '@avrr/persistence';
import { CaseProjection } from '@avrr/projection';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { requestHash } from '../http/request-hash';
import { caseAnonymised } from './case-anonymised';
import {
  caseCategoriesShown,
  caseListItem,
  caseResponse,
  historyCategoriesShown,
  historyEntries,
  reminderKindsSeenBy,
  showsStaffNames,
} from './dto/case.response';
import { CreateCaseRequest } from './dto/create-case.request';
import { ListCasesQuery } from './dto/list-cases.query';
import { scopeOf } from './case-scope';

const CASE_WRITERS = ['officer', 'supervisor'];
/** Who opens an inbound returnee's case at ARRIVED (in their own receiving office). */
const INBOUND_WRITERS = ['counterpart', 'supervisor'];

/** What could be a case reference (office code, year, id: letters, digits, hyphens, with a digit or a hyphen). */
const REFERENCE_LIKE = /^(?=.*[\d-])[A-Za-z0-9]+(?:-[A-Za-z0-9]*)*$/;
/** A phone search needs this many digits at least: fewer would match too many people. */
const MIN_PHONE_DIGITS = 6;

const invalid = (field: string, message: string) =>
  new CodedHttpException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', `Invalid request: ${field}`, {
    fields: [{ field, errors: [message] }],
  });

const notFound = () => new CodedHttpException(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND', 'Case not found');

@Injectable()
export class CasesService {
  private readonly logger = new Logger(CasesService.name);
  /** Key of the stored digests of Idempotency-Keys and request hashes (never the key in clear). */
  private readonly digestKey: Buffer;
  constructor(
    private readonly cases: CaseRepository,
    private readonly household: HouseholdRepository,
    private readonly duplicates: DuplicateRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly users: UserRepository,
    private readonly ops: OpsRepository,
    private readonly workflows: CaseWorkflowClient,
    private readonly projection: CaseProjection,
    @Inject(DOMAIN_CONFIG) private readonly rules: DomainConfig,
    private readonly retention: RetentionRepository,
    private readonly tasks: TaskRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.digestKey = idempotencyDigestKey(config.piiKey);
  }

  /** A reader of personal data gets 410 for an anonymised case (in scope: the caller found it first). */
  private async refuseAnonymised(user: StaffUser, caseId: string): Promise<void> {
    if (readsPersonalData(user.role) && (await this.retention.anonymisedAt(caseId))) throw caseAnonymised();
  }

  /**
   * Registers a referral or a household: personal data to PostgreSQL, then the case workflow opens the case, and its
   * committed opening is projected. With an Idempotency-Key a retry returns the first result and creates nothing.
   */
  async create(user: StaffUser, body: CreateCaseRequest, idempotencyKey: string | undefined, now = new Date()) {
    const inbound = body.startAt === 'ARRIVED';
    if (inbound) await this.checkInbound(user, body, now);
    else {
      if (!CASE_WRITERS.includes(user.role))
        throw new CodedHttpException(
          HttpStatus.FORBIDDEN,
          'ROLE_NOT_ALLOWED',
          `The role ${user.role} may not register cases`,
        );
      if (body.hostOffice !== user.office) {
        throw new CodedHttpException(
          HttpStatus.FORBIDDEN,
          'OFFICE_OUT_OF_SCOPE',
          'You may register cases only for your own office',
        );
      }
      if (body.receivingOffice !== undefined || body.arrivedAt !== undefined) {
        throw new CodedHttpException(
          HttpStatus.BAD_REQUEST,
          'VALIDATION_FAILED',
          'receivingOffice and arrivedAt are only for a case opened at ARRIVED',
          { fields: [{ field: 'startAt', errors: ['receivingOffice and arrivedAt need startAt ARRIVED'] }] },
        );
      }
      const office = await this.users.findOffice(body.hostOffice);
      if (!office || office.kind !== 'HOST')
        throw new CodedHttpException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'UNKNOWN_OFFICE',
          `No host office ${body.hostOffice}`,
        );
    }
    this.checkHousehold(body);

    const scope = `${user.id}:POST /cases`;
    const key = idempotencyKeyDigest(this.digestKey, idempotencyKey ?? randomUUID());
    const claim = await this.idempotency.claim(scope, key, requestHash(body, this.digestKey), randomUUID());
    if (claim.kind === 'mismatch') {
      throw new CodedHttpException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for a different request',
      );
    }
    // The record keeps ids and status only: the replay answers from the case as it is now, shaped for the caller.
    if (claim.kind === 'done') return { replayed: true, body: await this.replay(user, claim.resourceId) };

    const caseId = claim.resourceId;
    await this.household.saveOnce(caseId, this.toRecords(body, now));
    const members = await this.household.membersOf(caseId);
    const opened: CaseOpened = {
      caseId,
      reference: `${inbound ? body.receivingOffice : body.hostOffice}-${now.getUTCFullYear()}-${caseId.slice(0, 8).toUpperCase()}`,
      hostOffice: body.hostOffice,
      countryOfOrigin: body.countryOfOrigin,
      referralSource: body.referralSource,
      programme: body.programme,
      openedAt: now.toISOString(),
      members: members.map((m) => this.facts(m, body)),
      ...(inbound
        ? {
            startAt: 'ARRIVED' as const,
            receivingOffice: body.receivingOffice,
            ...(body.arrivedAt ? { arrivedAt: new Date(body.arrivedAt).toISOString() } : {}),
          }
        : {}),
    };
    const actor: Actor = { userId: user.id, role: user.role };
    // Pending until projected: if this process dies once Temporal has opened the case, the worker's reconciler
    // projects the opening from Temporal's history.
    await this.cases.markPending(caseId, `open:${caseId}`);
    const result = await this.workflows.open(opened, actor, this.rules);
    // Committed (Temporal returned it): the read model and the audit row before the answer, so the caller reads it.
    if (result.change)
      await this.projection.project({
        view: result.view,
        change: result.change,
        reminderFacts: result.reminderFacts,
        workFacts: result.workFacts,
        reportFacts: result.reportFacts,
      });
    await this.findDuplicates(caseId, members, opened.hostOffice);
    const response = {
      ...caseResponse(result.view, members, user.role),
      ...(await this.possibleDuplicates(user, caseId)),
      availableCommands: discloseAvailability(result.available, readerOf(user.role, result.view)),
    };
    await this.idempotency.complete(scope, key);
    this.logger.log({ caseId, version: result.view.version, stage: result.view.stage }, 'case opened');
    return { replayed: false, body: response };
  }

  /** The answer to a retried registration: the case read again, as the first answer was built. */
  private async replay(user: StaffUser, caseId: string) {
    const row = await this.cases.findById(caseId, scopeOf(user));
    if (!row) throw notFound();
    const [members, available] = await Promise.all([
      this.household.membersOf(caseId),
      this.workflows.available(caseId, { userId: user.id, role: user.role }),
    ]);
    return {
      ...caseResponse(row.view, members, user.role),
      availableCommands: discloseAvailability(available, readerOf(user.role, row.view)),
    };
  }

  async get(user: StaffUser, caseId: string) {
    const row = await this.cases.findById(caseId, scopeOf(user));
    if (!row) throw notFound();
    await this.refuseAnonymised(user, caseId);
    const members = await this.household.membersOf(caseId);
    const body = { ...caseResponse(row.view, members, user.role), ...(await this.possibleDuplicates(user, caseId)) };
    await this.logSpecialCategoryRead(user, caseId, 'GET /cases/:id', caseCategoriesShown(row.view, user.role));
    return body;
  }

  /**
   * Duplicate detection at registration (issue 11 item 6): the earlier people of every office who share a phone or a
   * name word (in any spelling of its transliteration family) and a close date of birth, or a document number (keyed
   * digests on both sides), are scored by the domain
   * (duplicates.ts); the cases at or above the threshold are kept with their best score and what matched. Phones are
   * compared in E.164, each read with its own case's office country.
   */
  private async findDuplicates(caseId: string, members: HouseholdMemberRecord[], office: string): Promise<void> {
    const country = officeCountry(office);
    const phones = members.map((m) => toE164(m.phone, country));
    const digests = await this.household.documentDigestsOf(caseId);
    const candidates = await this.duplicates.candidates(caseId, {
      nameTerms: [
        ...new Set(members.flatMap((m) => [m.givenName, m.familyName, ...m.aliases].flatMap(nameWords))),
      ].flatMap(nameSearchForms),
      phoneTails: phones.filter((p): p is string => !!p).map((p) => p.slice(-9)),
      datesOfBirth: members.map((m) => m.dateOfBirth),
      documentDigests: [...digests.values()].flat(),
    });
    const best = new Map<
      string,
      { candidateCaseId: string; score: number; features: ReturnType<typeof scoreDuplicate>['features'] }
    >();
    members.forEach((m, i) => {
      for (const c of candidates) {
        // Document numbers are compared as their keyed digests: equal numbers (normalised) have equal digests.
        const s = scoreDuplicate(
          { ...m, phone: phones[i], documentNumbers: digests.get(m.memberId) ?? [] },
          this.identityOf(c),
        );
        const prev = best.get(c.caseId);
        if (s.score >= DUPLICATE_THRESHOLD && (!prev || s.score > prev.score))
          best.set(c.caseId, { candidateCaseId: c.caseId, ...s });
      }
    });
    await this.duplicates.save(caseId, [...best.values()]);
  }

  private identityOf(c: DuplicateCandidateRow) {
    return { ...c, phone: toE164(c.phone, officeCountry(c.hostOffice)), documentNumbers: c.documentDigests };
  }

  /** The possible duplicates of a case, shaped for the reader's role (absent for the roles that see none). */
  private async possibleDuplicates(user: StaffUser, caseId: string) {
    if (DUPLICATE_DISCLOSURE[user.role] === 'NONE') return {};
    return { possibleDuplicates: disclosePossibleDuplicates(await this.duplicates.of(caseId), user.role) };
  }

  /** Who viewed D3 of this case, when, through which endpoint (AVRR.md §13 principle 7). */
  async specialCategoryReads(user: StaffUser, caseId: string) {
    const row = await this.cases.locate(caseId, scopeOf(user));
    if (!row) throw notFound();
    return { caseId, reference: row.reference, reads: await this.cases.specialCategoryReads(caseId) };
  }

  /** A read that showed special categories is logged before the answer leaves: no log, no data. */
  private async logSpecialCategoryRead(
    user: StaffUser,
    caseId: string,
    via: string,
    categories: string[],
  ): Promise<void> {
    if (categories.length) await this.cases.recordSpecialCategoryRead(caseId, user, via, categories);
  }

  async list(user: StaffUser, query: ListCasesQuery) {
    const limit = query.limit ?? 50;
    let after: { openedAt: string; id: string } | undefined;
    if (query.cursor) {
      try {
        after = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
        if (
          typeof after?.openedAt !== 'string' ||
          typeof after?.id !== 'string' ||
          Number.isNaN(Date.parse(after.openedAt)) ||
          !/^[0-9a-f-]{36}$/i.test(after.id)
        )
          throw new Error('bad cursor');
      } catch {
        throw new CodedHttpException(
          HttpStatus.BAD_REQUEST,
          'INVALID_CURSOR',
          'cursor is not a cursor returned by this API',
        );
      }
    }
    const search = this.searchOf(user, query);
    let awaiting: { entries: string[]; userId: string } | undefined;
    if (query.awaitingCommand !== undefined && query.awaiting !== 'mine')
      throw invalid('awaitingCommand', 'awaitingCommand goes with awaiting=mine');
    if (query.awaiting === 'mine') {
      const entries = (ROLE_WORK[user.role] ?? [])
        .map((r) => r.command as string)
        .filter((c) => query.awaitingCommand === undefined || c === query.awaitingCommand)
        .map((c) => `${user.role}:${c}`);
      if (!entries.length) return { items: [], nextCursor: null }; // no work of this kind for this role
      awaiting = { entries: [...new Set(entries)], userId: user.id };
    }
    const rows = await this.cases.list(
      {
        stage: query.stage as never,
        office: query.office,
        countryOfOrigin: query.countryOfOrigin,
        search,
        awaiting,
        ...(query.assignee ? { assignee: query.assignee === 'me' ? user.id : query.assignee.toLowerCase() } : {}),
        limit: limit + 1,
        after,
      },
      scopeOf(user),
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? Buffer.from(JSON.stringify({ openedAt: last.openedAt, id: last.id })).toString('base64url')
        : null;
    const due = await this.cases.dueReminderCounts(
      user.id,
      page.map((r) => r.id),
      reminderKindsSeenBy(user.role),
    );
    const now = Date.now();
    const items = page.map((r) => caseListItem(r, user, now, due.get(r.id) ?? 0));
    return { items, nextCursor };
  }

  /**
   * The search criteria of a list request, checked and normalised. Searching by name, date of birth or phone tells
   * whether a person is in a case: a role that may not see identity may search by case reference only.
   */
  private searchOf(user: StaffUser, query: ListCasesQuery): CaseSearch | undefined {
    const byIdentity = maySearchByIdentity(user.role);
    const refused = (what: string) =>
      new CodedHttpException(
        HttpStatus.FORBIDDEN,
        'ROLE_NOT_ALLOWED',
        `The role ${user.role} may not search by ${what}: the answer would reveal who is in a case. Search by case reference.`,
      );
    const search: CaseSearch = {};
    if (query.q !== undefined) {
      const q = query.q.trim();
      const reference = REFERENCE_LIKE.test(q) ? q.toUpperCase() : undefined;
      if (!byIdentity && !reference) throw refused('name');
      const words = byIdentity ? searchWords(q) : [];
      if (!reference && !words.length) throw invalid('q', 'q holds no letter or digit to search for');
      if (words.length > 8) throw invalid('q', 'q may hold 8 words at most');
      if (reference) search.reference = reference;
      if (words.length) search.words = words;
    }
    if (query.dateOfBirth !== undefined) {
      if (!byIdentity) throw refused('date of birth');
      const d = query.dateOfBirth;
      const parsed = new Date(`${d}T00:00:00Z`);
      if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== d)
        throw invalid('dateOfBirth', 'dateOfBirth is not a calendar date');
      search.dateOfBirth = d;
    }
    if (query.phone !== undefined) {
      if (!byIdentity) throw refused('phone number');
      const digits = phoneDigits(query.phone);
      if (!digits || digits.length < MIN_PHONE_DIGITS)
        throw invalid('phone', `phone needs at least ${MIN_PHONE_DIGITS} digits`);
      search.phoneDigits = digits;
    }
    return Object.keys(search).length ? search : undefined;
  }

  async history(user: StaffUser, caseId: string) {
    const row = await this.cases.findById(caseId, scopeOf(user));
    if (!row) throw notFound();
    await this.refuseAnonymised(user, caseId);
    const [entries, interventions, assignments] = await Promise.all([
      this.cases.history(caseId),
      this.ops.auditOf(caseId),
      this.tasks.assignments(caseId),
    ]);
    const names = showsStaffNames(row.view, user.role)
      ? await this.users.displayNames(entries.map((e) => e.actorId))
      : undefined;
    const shaped = historyEntries(entries, row.view, user.role, names);
    await this.logSpecialCategoryRead(
      user,
      caseId,
      'GET /cases/:id/history',
      historyCategoriesShown(entries, row.view, user.role),
    );
    return {
      caseId,
      reference: row.reference,
      entries: shaped,
      // Operations interventions (retry, reset, terminate, reminder cancelled) with their mandatory reason and approver.
      operations: interventions.map((a) => ({
        action: a.action,
        actionId: a.actionId,
        actorId: a.actorId,
        approvedBy: a.approvedBy,
        reason: a.reason,
        outcome: a.outcome,
        recordedAt: a.recordedAt,
      })),
      // Who was assigned as the case's officer or counterpart, by whom and why (user ids: names are on the case page).
      assignments,
    };
  }

  /**
   * An inbound returnee whose return was organised elsewhere (e.g. a Moroccan handed over by another mission) is
   * opened directly at ARRIVED by a counterpart or supervisor of the receiving office in the country of origin;
   * hostOffice is then the code of the mission that organised the return.
   */
  private async checkInbound(user: StaffUser, body: CreateCaseRequest, now: Date): Promise<void> {
    if (!INBOUND_WRITERS.includes(user.role)) {
      throw new CodedHttpException(
        HttpStatus.FORBIDDEN,
        'ROLE_NOT_ALLOWED',
        `The role ${user.role} may not open an arrived returnee's case`,
      );
    }
    if (!body.receivingOffice) {
      throw new CodedHttpException(
        HttpStatus.BAD_REQUEST,
        'VALIDATION_FAILED',
        'receivingOffice is required with startAt ARRIVED',
        { fields: [{ field: 'receivingOffice', errors: ['receivingOffice is required with startAt ARRIVED'] }] },
      );
    }
    if (body.receivingOffice !== user.office) {
      throw new CodedHttpException(
        HttpStatus.FORBIDDEN,
        'OFFICE_OUT_OF_SCOPE',
        'You may open arrived returnees only for your own receiving office',
      );
    }
    // hostOffice names the mission that organised the return elsewhere. Naming one of this system's offices would put
    // the case in that office's scope (its staff would see it, its queues would list it): a counterpart may only open
    // a case inside its own scope.
    if (body.hostOffice !== user.office && (await this.users.findOffice(body.hostOffice))) {
      throw new CodedHttpException(
        HttpStatus.FORBIDDEN,
        'OFFICE_OUT_OF_SCOPE',
        `hostOffice ${body.hostOffice} is an office of this system: an arrived returnee's case names the mission elsewhere that organised the return`,
      );
    }
    const office = await this.users.findOffice(body.receivingOffice);
    if (!office || office.kind !== 'COO' || office.country !== body.countryOfOrigin) {
      throw new CodedHttpException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'UNKNOWN_OFFICE',
        `No receiving office ${body.receivingOffice} in ${body.countryOfOrigin}`,
      );
    }
    if (body.arrivedAt && Date.parse(body.arrivedAt) > now.getTime()) {
      throw new CodedHttpException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'EFFECTIVE_TIME_IN_FUTURE',
        'arrivedAt may not be in the future',
      );
    }
  }

  private checkHousehold(body: CreateCaseRequest): void {
    const problems: { field: string; errors: string[] }[] = [];
    const principals = body.members.filter((m) => m.relationship === 'PA').length;
    if (principals !== 1) problems.push({ field: 'members', errors: ['exactly one member must have relationship PA'] });
    body.members.forEach((m, i) => {
      if ((m.dateOfBirth === undefined) === (m.estimatedAge === undefined)) {
        problems.push({ field: `members[${i}]`, errors: ['give either dateOfBirth or estimatedAge'] });
      }
      if (m.dateOfBirth !== undefined && Number.isNaN(Date.parse(`${m.dateOfBirth}T00:00:00Z`))) {
        problems.push({ field: `members[${i}].dateOfBirth`, errors: ['dateOfBirth is not a calendar date'] });
      }
      (m.documentNumbers ?? []).forEach((n, j) => {
        if (!normaliseDocumentNumber(n))
          problems.push({
            field: `members[${i}].documentNumbers[${j}]`,
            errors: ['a document number has at least 4 letters or digits'],
          });
      });
      for (const g of m.guardianIndexes ?? []) {
        if (g >= body.members.length || g === i)
          problems.push({ field: `members[${i}].guardianIndexes`, errors: [`no other member at position ${g}`] });
      }
    });
    if (problems.length) {
      throw new CodedHttpException(
        HttpStatus.BAD_REQUEST,
        'VALIDATION_FAILED',
        `Invalid request: ${problems.map((p) => p.field).join(', ')}`,
        { fields: problems },
      );
    }
  }

  private toRecords(body: CreateCaseRequest, now: Date): HouseholdMemberRecord[] {
    const ids = body.members.map(() => randomUUID());
    return body.members.map((m, i) => ({
      memberId: ids[i],
      individualId: randomUUID(),
      position: i,
      relationship: m.relationship,
      givenName: m.givenName,
      familyName: m.familyName,
      aliases: m.aliases ?? [],
      sex: m.sex,
      dateOfBirth: m.dateOfBirth ?? `${now.getUTCFullYear() - (m.estimatedAge ?? 0)}-01-01`,
      dateOfBirthEstimated: m.dateOfBirth === undefined,
      nationality: m.nationality,
      languages: m.languages,
      phone: m.phone,
      email: m.email,
      address: m.address,
      guardianMemberIds: (m.guardianIndexes ?? []).map((g) => ids[g]),
      dataConsent: m.dataConsent?.given ?? false,
      consentSignatory: m.dataConsent?.signatory,
      consentFormVersion: m.dataConsent?.formVersion,
      consentLanguage: m.dataConsent?.language,
      consentRecordedAt: m.dataConsent ? now.toISOString() : null,
      documentNumbers: m.documentNumbers ?? [],
    }));
  }

  /** Only what the rules need goes to Temporal: ids, codes, dates, flags. */
  private facts(m: HouseholdMemberRecord, body: CreateCaseRequest): MemberFacts {
    return {
      memberId: m.memberId,
      relationship: m.relationship,
      sex: m.sex,
      dateOfBirth: m.dateOfBirth,
      dateOfBirthEstimated: m.dateOfBirthEstimated,
      guardianMemberIds: m.guardianMemberIds,
      dataConsent: m.dataConsent,
      unaccompanied: body.members[m.position]?.unaccompanied ?? false,
    };
  }
}
