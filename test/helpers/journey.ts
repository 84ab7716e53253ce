import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CaseCommandType, CommandOf } from '../../libs/domain/src/commands';
import type { Response, TestStack } from './stack';

/** Where the replay test finds the recorded case workflow histories. */
export const HISTORIES_DIR = path.resolve('test/fixtures/histories');

/** The calendar date n days from today (UTC, as the rules compare dates), 'YYYY-MM-DD'. */
export function days(n: number, from: Date = new Date()): string {
  return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + n))
    .toISOString()
    .slice(0, 10);
}

/** A date of birth that makes someone `years` old today, `extraDays` past their birthday (so it stays true for a while). */
export function bornYearsAgo(years: number, extraDays = 60, from: Date = new Date()): string {
  return new Date(Date.UTC(from.getUTCFullYear() - years, from.getUTCMonth(), from.getUTCDate() - extraDays))
    .toISOString()
    .slice(0, 10);
}

/** An instant n hours before now (an effective time may lie in the past, never in the future). */
export function hoursAgo(n: number): string {
  return new Date(Date.now() - n * 3_600_000).toISOString();
}

/** What the caller sends for a command type: the domain command minus `type` and the fields the server fills. */
export type Payload<T extends CaseCommandType> = Omit<
  CommandOf<T>,
  | 'type'
  | (T extends 'SplitCase' ? 'newCaseId' | 'newReference' : never)
  | (T extends 'RecordDuplicateDecision' ? 'candidateReference' | 'candidateAssisted' : never)
>;

export interface RunOptions {
  effectiveAt?: string;
  idempotencyKey?: string;
}

/** `CODE` or `CODE:memberLabel` of each requirement, for readable assertions. */
export function requirementCodes(
  requirements: { code: string; memberId?: string }[],
  labels: Record<string, string> = {},
): string[] {
  return requirements.map((r) => (r.memberId ? `${r.code}:${labels[r.memberId] ?? r.memberId}` : r.code));
}

export class CommandRejected extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    readonly body: any,
  ) {
    super(`${type} answered ${status}: ${JSON.stringify(body)}`);
  }
}

/**
 * Drives one case through the HTTP API as different users, tracking its version the way a client does
 * (expectedVersion = the version of the last view seen). Names members by label ('pa', 'spouse', ...) for messages.
 */
export class CaseDriver {
  /** The last case view returned by the API. */
  view: any;
  /** label -> memberId, and back. */
  readonly members: Record<string, string> = {};
  readonly labels: Record<string, string> = {};

  constructor(
    readonly stack: TestStack,
    readonly caseId: string,
    public version: number,
  ) {}

  /** POST /cases, then a driver on the new case; `labels` name the members in the order of the household. */
  static async open(stack: TestStack, as: string, household: unknown, labels: string[] = []): Promise<CaseDriver> {
    const res = await stack.request('POST', '/cases', {
      as,
      body: household,
      headers: { 'idempotency-key': `create-${randomUUID()}` },
    });
    if (res.status !== 201) throw new CommandRejected('POST /cases', res.status, res.body);
    const driver = new CaseDriver(stack, res.body.caseId, res.body.version);
    driver.view = res.body;
    res.body.members.forEach((m: any, i: number) => driver.label(labels[i] ?? `m${i}`, m.memberId));
    return driver;
  }

  label(name: string, memberId: string): void {
    this.members[name] = memberId;
    this.labels[memberId] = name;
  }

  id(label: string): string {
    const id = this.members[label];
    if (!id) throw new Error(`no member labelled ${label}`);
    return id;
  }

  get stage(): string {
    return this.view.stage;
  }

  member(label: string): any {
    return this.view.members.find((m: any) => m.memberId === this.id(label));
  }

  /** Sends a command without tracking anything: the raw response. */
  send(
    as: string,
    type: CaseCommandType,
    payload: object,
    opts: RunOptions & { expectedVersion?: number } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    return this.stack.request('POST', `/cases/${this.caseId}/commands`, {
      as,
      headers,
      body: {
        type,
        expectedVersion: opts.expectedVersion ?? this.version,
        ...(opts.effectiveAt ? { effectiveAt: opts.effectiveAt } : {}),
        payload,
      },
    });
  }

  /** Applies a command that must be accepted: returns the new view (and tracks its version); throws with the error body otherwise. */
  async run<T extends CaseCommandType>(as: string, type: T, payload: Payload<T>, opts: RunOptions = {}): Promise<any> {
    const res = await this.send(as, type, payload, opts);
    if (res.status !== 200) throw new CommandRejected(type, res.status, res.body);
    if (res.body.version !== this.version + 1)
      throw new Error(`${type}: version ${this.version} -> ${res.body.version}, expected +1`);
    this.view = res.body;
    this.version = res.body.version;
    return res.body;
  }

  /**
   * Sends a command that must be rejected with this status and code; with `requirements`, each of those codes
   * (`CODE` or `CODE:label`) must be among the unmet requirements (or, with `exact`, be exactly them).
   * A rejection never changes the case: details.currentVersion is still the version we hold.
   */
  async expectRejected(
    as: string,
    type: CaseCommandType,
    payload: object,
    status: number,
    code: string,
    requirements?: string | string[],
    opts: RunOptions & { exact?: boolean } = {},
  ): Promise<any> {
    const res = await this.send(as, type, payload, opts);
    const summary = `${type} as ${as}: ${res.status} ${JSON.stringify(res.body)}`;
    if (res.status !== status || res.body?.code !== code) {
      throw new Error(`expected ${status} ${code}, got ${summary}`);
    }
    if (res.body.details?.currentVersion !== undefined && res.body.details.currentVersion !== this.version) {
      throw new Error(
        `rejection reports version ${res.body.details.currentVersion}, we hold ${this.version}: ${summary}`,
      );
    }
    if (requirements !== undefined) {
      const want = Array.isArray(requirements) ? requirements : [requirements];
      const got = requirementCodes(res.body.details?.requirements ?? [], this.labels);
      if (opts.exact) {
        if ([...got].sort().join() !== [...want].sort().join())
          throw new Error(`expected exactly ${want.join(', ')}; got ${summary}`);
      } else {
        const missing = want.filter((w) => !got.includes(w));
        if (missing.length)
          throw new Error(`expected requirement(s) ${missing.join(', ')} among ${got.join(', ')}: ${summary}`);
      }
    }
    return res.body;
  }

  async get(as = 'officer.rabat'): Promise<Response> {
    return this.stack.request('GET', `/cases/${this.caseId}`, { as });
  }

  /** GET the case (must be visible to `as`) and refresh the view. */
  async refresh(as = 'officer.rabat'): Promise<any> {
    const res = await this.get(as);
    if (res.status !== 200) throw new CommandRejected(`GET /cases/${this.caseId}`, res.status, res.body);
    this.view = res.body;
    this.version = res.body.version;
    return res.body;
  }

  async requirements(as = 'officer.rabat'): Promise<any> {
    const res = await this.stack.request('GET', `/cases/${this.caseId}/requirements`, { as });
    if (res.status !== 200) throw new CommandRejected(`GET /cases/${this.caseId}/requirements`, res.status, res.body);
    return res.body;
  }

  /** Unmet requirement codes of one command from GET /requirements (undefined when the command is not open in this stage). */
  async unmet(as: string, type: CaseCommandType): Promise<string[] | undefined> {
    const body = await this.requirements(as);
    const entry = body.commands.find((c: any) => c.type === type);
    return entry ? requirementCodes(entry.unmet, this.labels) : undefined;
  }

  async history(as = 'officer.rabat'): Promise<any[]> {
    const res = await this.stack.request('GET', `/cases/${this.caseId}/history`, { as });
    if (res.status !== 200) throw new CommandRejected(`GET /cases/${this.caseId}/history`, res.status, res.body);
    return res.body.entries;
  }

  /**
   * The audit trail is whole: versions 1..N without a gap (N = the version we hold), the opening first, each entry
   * starting from the stage the previous one ended in, the last ending in the current stage, every stage move
   * carried by a StageChanged event, effective times never after recorded times. Returns the entries.
   */
  async expectCompleteAuditTrail(as = 'officer.rabat'): Promise<any[]> {
    const entries = await this.history(as);
    const problems: string[] = [];
    const versions = entries.map((e) => e.version);
    const expected = Array.from({ length: this.version }, (_, i) => i + 1);
    if (versions.join() !== expected.join()) problems.push(`versions ${versions.join()} instead of 1..${this.version}`);
    if (entries[0]?.commandType !== 'CaseOpened') problems.push(`first entry is ${entries[0]?.commandType}`);
    entries.forEach((e, i) => {
      const prev = entries[i - 1];
      if (prev && e.fromStage !== prev.toStage)
        problems.push(
          `v${e.version} ${e.commandType} starts at ${e.fromStage}, v${prev.version} ended at ${prev.toStage}`,
        );
      const moves = (e.events as any[]).filter((ev) => ev.type === 'StageChanged');
      if (i > 0 && e.fromStage !== e.toStage) {
        const last = moves[moves.length - 1];
        if (!moves.length || moves[0].from !== e.fromStage || last.to !== e.toStage) {
          problems.push(
            `v${e.version} ${e.commandType} ${e.fromStage}->${e.toStage} without matching StageChanged events`,
          );
        }
      }
      if (i > 0 && e.fromStage === e.toStage && moves.length)
        problems.push(`v${e.version} ${e.commandType} has StageChanged but stays ${e.toStage}`);
      if (Date.parse(e.effectiveAt) > Date.parse(e.recordedAt))
        problems.push(`v${e.version} effective ${e.effectiveAt} after recorded ${e.recordedAt}`);
      if (prev && Date.parse(e.recordedAt) < Date.parse(prev.recordedAt))
        problems.push(`v${e.version} recorded before v${prev.version}`);
      if (!e.actorId || !e.actorRole) problems.push(`v${e.version} has no actor`);
    });
    const last = entries[entries.length - 1];
    if (last && this.view && last.toStage !== this.view.stage)
      problems.push(`last entry ends at ${last.toStage}, the case is ${this.view.stage}`);
    if (problems.length) throw new Error(`audit trail of ${this.caseId}:\n  ${problems.join('\n  ')}`);
    return entries;
  }

  /** With RECORD_HISTORIES=1, saves this case's workflow history as a replay fixture (test/fixtures/histories/<name>.json). */
  async saveHistory(name: string): Promise<void> {
    await saveWorkflowHistory(this.stack, this.caseId, name);
  }
}

export async function saveWorkflowHistory(stack: TestStack, workflowId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${historyToJson(history)}\n`);
}

// ---------------------------------------------------------------- history <-> proto JSON

/**
 * The proto JSON converter of the protobufjs copy that @temporalio/proto uses.
 *
 * `historyToJSON` / `historyFromJSON` of @temporalio/common 1.24 (lib/proto-utils) throw "type must be a Type" in this
 * install: @temporalio/common and @temporalio/proto each got their own nested protobufjs 8 (the hoisted one is
 * protobufjs 7, for @grpc/proto-loader), and protojson checks `instanceof Type` against its own copy. These two do the
 * same conversion (the format of `temporal workflow show -o json`) through the copy the History type comes from.
 */
function protojson(): {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: object): unknown;
} {
  const protoDir = path.dirname(require.resolve('@temporalio/proto/package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at runtime (see above)
  return require(require.resolve('protobufjs/ext/protojson', { paths: [protoDir] }));
}

const historyType = () =>
  (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
    'temporal.api.history.v1.History',
  );

export function historyToJson(history: proto.temporal.api.history.v1.IHistory): string {
  const message = proto.temporal.api.history.v1.History.fromObject(history);
  return JSON.stringify(protojson().toJson(historyType(), message), null, 2);
}

export function historyFromJson(json: unknown): proto.temporal.api.history.v1.History {
  const history = protojson().fromJson(historyType(), json, { ignoreUnknownFields: true });
  if (!history) throw new TypeError('not a workflow history');
  return history as proto.temporal.api.history.v1.History;
}

// ---------------------------------------------------------------- payloads used by several journeys

export const counselling: Payload<'RecordCounsellingSession'> = {
  language: 'fr',
  interpreterUsed: false,
  mode: 'IN_PERSON',
  topics: ['RETURN', 'REINTEGRATION', 'ALTERNATIVES', 'RIGHTS', 'DATA_USE'],
};

export const eligible: Payload<'RecordEligibility'> = { eligible: true, ruleId: 'RULE-GN-2026' };

export const departure: Payload<'RecordDeparture'> = {
  voluntarinessReconfirmed: true,
  pocketMoney: { amount: 30, currency: 'EUR' },
};

export function selfDeclaration(memberId: string): Payload<'SignVoluntaryReturnDeclaration'> {
  return { memberId, signatory: 'SELF', formVersion: 'VRD-2026-1', language: 'fr' };
}

export function guardianDeclaration(childId: string, guardianId: string): Payload<'SignVoluntaryReturnDeclaration'> {
  return {
    memberId: childId,
    signatory: 'GUARDIAN',
    guardianMemberId: guardianId,
    formVersion: 'VRD-2026-1',
    language: 'fr',
    childViewsRecorded: true,
  };
}

export function booking(
  departureDate: string,
  over: Partial<Payload<'ConfirmBooking'>> = {},
): Payload<'ConfirmBooking'> {
  return {
    departureDate,
    itineraryRef: `IT-${departureDate}-${randomUUID().slice(0, 4)}`,
    fundsAvailable: true,
    ticketed: true,
    ...over,
  };
}

/** Counselling, screening, eligibility and an empty rapid screening: REGISTERED -> SCREENING. */
export async function toScreening(
  c: CaseDriver,
  as = 'officer.rabat',
  findings: Payload<'RecordRapidVulnerabilityScreening'>['findings'] = [],
): Promise<void> {
  await c.run(as, 'RecordCounsellingSession', counselling);
  await c.run(as, 'StartScreening', {});
  await c.run(as, 'RecordEligibility', eligible);
  await c.run(as, 'RecordRapidVulnerabilityScreening', { findings });
}

/** For each member: laissez-passer requested and issued (expiring on `expiresOn`), exit authorization requested and granted. */
export async function documentMembers(
  c: CaseDriver,
  labels: string[],
  expiresOn: string,
  as = 'officer.rabat',
): Promise<void> {
  for (const label of labels) {
    const memberId = c.id(label);
    await c.run(as, 'RequestTravelDocument', {
      memberId,
      documentType: 'LAISSEZ_PASSER',
      authority: 'CONSULATE-GN-RABAT',
      transferConsentRef: `tr-${label}-${randomUUID().slice(0, 6)}`,
    });
    await c.run(as, 'RecordDocumentIssued', {
      memberId,
      documentType: 'LAISSEZ_PASSER',
      documentRef: `doc-${randomUUID().slice(0, 8)}`,
      expiresOn,
    });
    await c.run(as, 'RequestExitAuthorization', { memberId, authority: 'DGSN' });
    await c.run(as, 'RecordExitAuthorization', { memberId, granted: true });
  }
}

/** A single adult from REGISTERED to READY_FOR_BOOKING, with a laissez-passer expiring on `lpExpiresOn`. */
export async function singleAdultReady(c: CaseDriver, lpExpiresOn: string): Promise<void> {
  await toScreening(c);
  await c.run('officer.rabat', 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('pa')));
  await c.run('officer.rabat', 'Approve', {});
  await documentMembers(c, ['pa'], lpExpiresOn);
  await c.run('officer.rabat', 'MarkReadyForBooking', { receptionConfirmed: true });
}
