/**
 * Shared steps of the reintegration journeys (not a test file; the receiving offices' staff are demo users): a Guinean
 * returnee brought to ARRIVED through the pre-departure helpers, plan and RSS payloads.
 */
import { createHash, randomUUID } from 'node:crypto';
import { singleAdult } from '../helpers/households';
import {
  booking,
  CaseDriver,
  days,
  departure,
  documentMembers,
  selfDeclaration,
  toScreening,
  type Payload,
} from '../helpers/journey';
import { expectEventually, type TestStack } from '../helpers/stack';

export const CONAKRY = 'counterpart.conakry';
export const FINANCE = 'finance.conakry';
export const FINANCE2 = 'finance2.conakry';
export const SUPERVISOR_CKY = 'supervisor.conakry';
const OFFICER = 'officer.rabat';

/**
 * A single adult returning from Rabat to Guinea, driven through the pre-departure stages to the departure (DEPARTED).
 * `findings` are the rapid screening's vulnerabilities (a supervisor approves when there are any).
 */
export async function departedFromRabat(stack: TestStack, findings: string[] = []): Promise<CaseDriver> {
  const c = await CaseDriver.open(stack, OFFICER, singleAdult(), ['pa']);
  await toScreening(c, OFFICER, findings.length ? [{ memberId: c.id('pa'), vulnerabilities: findings as never }] : []);
  await c.run(OFFICER, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('pa')));
  await c.run(findings.length ? 'supervisor.rabat' : OFFICER, 'Approve', {});
  await documentMembers(c, ['pa'], days(30));
  await c.run(OFFICER, 'MarkReadyForBooking', { receptionConfirmed: true });
  await c.run('movement.rabat', 'ConfirmBooking', booking(days(0)));
  await c.run('movement.rabat', 'RecordDeparture', departure);
  return c;
}

/** As departedFromRabat, then the arrival in Conakry (ARRIVED, handed to GN-CKY). */
export async function arrivedInConakry(stack: TestStack, findings: string[] = []): Promise<CaseDriver> {
  const c = await departedFromRabat(stack, findings);
  await c.run('movement.rabat', 'RecordArrival', { receptionRecorded: true, receivingOffice: 'GN-CKY' });
  // The movement assistant's answer shows the itinerary only; the journeys go on reading the case as casework sees it.
  await c.refresh('officer.rabat');
  return c;
}

/** Handover acknowledged and the needs and skills assessment recorded: ready for the plan. */
export async function readyForPlan(c: CaseDriver): Promise<void> {
  await c.run(CONAKRY, 'AcknowledgeHandover', {});
  await c.run(CONAKRY, 'RecordReintegrationAssessment', {
    needs: ['INCOME', 'PSYCHOSOCIAL_SUPPORT'],
    skills: ['TAILORING', 'SALES'],
  });
}

/** A tailoring business with training: 1300 EUR in three tranches (600 at signature, then 400 and 300), paid in GNF. */
export function businessPlan(over: Partial<Payload<'AgreePlan'>> = {}): Payload<'AgreePlan'> {
  return {
    activities: [
      {
        activityId: 'A-SHOP',
        dimension: 'ECONOMIC',
        level: 'INDIVIDUAL',
        type: 'BUSINESS',
        budget: 1000,
        milestones: [
          { milestoneId: 'M-MARKET', dueDate: days(30), code: 'MARKET_ASSESSMENT' },
          { milestoneId: 'M-SHOP-OPEN', dueDate: days(90), code: 'SHOP_OPENED' },
        ],
      },
      {
        activityId: 'A-TRAINING',
        dimension: 'ECONOMIC',
        level: 'INDIVIDUAL',
        type: 'TRAINING',
        budget: 200,
        milestones: [{ milestoneId: 'M-COURSE', dueDate: days(60), code: 'COURSE_COMPLETED' }],
      },
      {
        activityId: 'A-MHPSS',
        dimension: 'PSYCHOSOCIAL',
        level: 'COMMUNITY',
        type: 'MHPSS',
        budget: 100.5,
        milestones: [],
      },
    ],
    budget: 1300.5,
    currency: 'EUR',
    exchangeRate: { currency: 'GNF', rate: 9350.5 },
    modality: 'MIXED',
    tranches: [
      { amount: 600, payeeRef: 'PAYEE-MM-0042', modality: 'CASH' },
      { amount: 400.5, payeeRef: 'SUPPLIER-SEWING-7', modality: 'IN_KIND', dueDate: days(180) },
      { amount: 300, payeeRef: 'PAYEE-MM-0042', modality: 'CASH', dueDate: days(270) },
    ],
    returneeSigned: true,
    signatureRef: `PLAN-SIG-${randomUUID().slice(0, 8)}`,
    ...over,
  };
}

/** Evidence as the engine keeps it: a reference, a SHA-256 and a content type (the file and its name stay outside). */
export function evidence(
  purpose: Payload<'RecordEvidence'>['purpose'],
  over: Partial<Payload<'RecordEvidence'>> = {},
): Payload<'RecordEvidence'> {
  const evidenceId = `EV-${randomUUID().slice(0, 8)}`;
  return {
    evidenceId,
    checksum: createHash('sha256').update(evidenceId).digest('hex'),
    contentType: 'image/jpeg',
    purpose,
    ...over,
  };
}

/** Requested by the counterpart, approved by one finance officer, paid by another. */
export async function releaseTranche(c: CaseDriver, trancheId: string): Promise<void> {
  await c.run(CONAKRY, 'RequestTranche', { trancheId });
  await c.run(FINANCE, 'ApproveTranche', { trancheId });
  await c.run(FINANCE2, 'RecordTranchePayment', { trancheId, paymentRef: `MM-TX-${randomUUID().slice(0, 10)}` });
}

export function tranche(c: CaseDriver, trancheId: string): any {
  return c.view.reintegration.tranches.find((t: any) => t.trancheId === trancheId);
}

export const visit: Payload<'RecordMonitoringVisit'> = {
  mode: 'IN_PERSON',
  findings: ['BUSINESS_OPERATING'],
  businessStatus: 'OPERATING',
};

/** RSS v1 answers: every indicator at its good end (scores well above 0.5). */
export const GOOD_RSS: Payload<'RecordRss'>['answers'] = {
  ECO_SATISFACTION: 4,
  ECO_FOOD_SECURITY: 'NEVER_SHORT',
  ECO_ABILITY_TO_BORROW: true,
  ECO_DEBT_BURDEN: 'LESS_THAN_SPENDING',
  ECO_INCOME_SOURCE: 'REGULAR',
  SOC_HOUSING: 4,
  SOC_SCHOOLING: 'NO_CHILDREN',
  SOC_HEALTH_ACCESS: 4,
  SOC_JUSTICE_ACCESS: true,
  SOC_IDENTITY_DOCUMENTS: true,
  PSY_COMMUNITY_PARTICIPATION: 4,
  PSY_SUPPORT_NETWORK: true,
  PSY_DISCRIMINATION: false,
  PSY_DISTRESS: 2,
  PSY_FEELS_SAFE: 5,
};

/** RSS v1 answers of a returnee struggling on every dimension (composite well below 0.5). */
export const LOW_RSS: Payload<'RecordRss'>['answers'] = {
  ECO_SATISFACTION: 1,
  ECO_FOOD_SECURITY: 'OFTEN_SHORT',
  ECO_ABILITY_TO_BORROW: false,
  ECO_DEBT_BURDEN: 'MORE_THAN_SPENDING',
  ECO_INCOME_SOURCE: 'IRREGULAR',
  SOC_HOUSING: 2,
  SOC_SCHOOLING: 'NO_CHILDREN',
  SOC_HEALTH_ACCESS: 2,
  SOC_JUSTICE_ACCESS: false,
  SOC_IDENTITY_DOCUMENTS: true,
  PSY_COMMUNITY_PARTICIPATION: 1,
  PSY_SUPPORT_NETWORK: false,
  PSY_DISCRIMINATION: true,
  PSY_DISTRESS: 5,
  PSY_FEELS_SAFE: 2,
};

/** Waits until the workflow made a change of its own (a deadline) after `version`, then refreshes the driver. */
export async function systemChangeAfter(c: CaseDriver, version: number, as: string): Promise<any> {
  const entry = await expectEventually(
    async () => {
      const found = (await c.history(as)).find((e) => e.version === version + 1);
      if (!found) throw new Error(`no version ${version + 1} yet`);
      return found;
    },
    20_000,
    250,
  );
  await c.refresh(as);
  return entry;
}

/** The expected due date of a visit `months` after an arrival date ('YYYY-MM-DD'), clamped to the month's end. */
export function monthsAfter(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const last = new Date(Date.UTC(Math.floor(total / 12), (total % 12) + 1, 0)).getUTCDate();
  return new Date(Date.UTC(Math.floor(total / 12), total % 12, Math.min(d, last))).toISOString().slice(0, 10);
}
