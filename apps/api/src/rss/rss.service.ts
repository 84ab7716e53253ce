import { CodedHttpException, StaffUser } from '@avrr/auth';
import { DOMAIN_CONFIG } from '@avrr/config';
import {
  discloseRssRescore,
  discloseRssWeightSet,
  mayReadRssScores,
  readerOf,
  readsPersonalData,
  rescoreRss,
  validateRssWeights,
  type DomainConfig,
  type RssInstrument,
  type RssScore,
  type RssWeights,
} from '@avrr/domain';
import { CaseRepository, RetentionRepository, RssWeightsRepository, type RssWeightSetRecord } from '@avrr/persistence';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { caseAnonymised } from '../cases/case-anonymised';
import { scopeOf } from '../cases/case-scope';
import type { CreateRssWeightsRequest } from './rss.dto';
import type { AdminRssWeightSetResponse, RssRescoreResponse, RssScoreResponse } from './rss.response';

const caseNotFound = () => new CodedHttpException(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND', 'Case not found');
const weightsNotFound = (version: string) =>
  new CodedHttpException(HttpStatus.NOT_FOUND, 'RSS_WEIGHTS_NOT_FOUND', `No RSS weight set ${version}`);
const weightsOf = (set: RssWeights): RssWeights => ({
  version: set.version,
  provisional: set.provisional,
  dimension: set.dimension,
  composite: set.composite,
});
const scoreOf = (s: RssScore): RssScoreResponse => ({
  weightsVersion: s.weightsVersion,
  provisional: s.provisional,
  indicatorScores: s.indicatorScores,
  dimensionScores: s.dimensionScores,
  composite: s.composite,
  missingIndicators: s.missingIndicators,
  incomplete: s.incomplete,
  belowThreshold: s.belowThreshold,
});

/**
 * RSS weights as versioned data (issue 10): administrators add weight sets; a survey recorded afterwards is scored
 * with the newest set of its instrument (the API fills RecordRss.weights); a stored survey can be scored again under
 * another set, read-only. The instruments' configured weights count as sets too (source CONFIG), so a score computed
 * with them can be compared and no added set may take their version.
 */
@Injectable()
export class RssService {
  constructor(
    private readonly sets: RssWeightsRepository,
    private readonly cases: CaseRepository,
    private readonly retention: RetentionRepository,
    @Inject(DOMAIN_CONFIG) private readonly rules: DomainConfig,
  ) {}

  /** The weights a survey of this instrument recorded now is scored with; undefined: the configured ones. */
  async weightsFor(instrumentVersion: string): Promise<RssWeights | undefined> {
    const newest = await this.sets.newestFor(instrumentVersion);
    return newest ? weightsOf(newest) : undefined;
  }

  /** Every weight set (the configured ones and those added), newest added first, as the role may see them. */
  async list(role: StaffUser['role'], instrumentVersion?: string) {
    const added = await this.sets.list(instrumentVersion);
    const configured = this.rules.rssInstruments.filter(
      (i) => instrumentVersion === undefined || i.version === instrumentVersion,
    );
    const all: AdminRssWeightSetResponse[] = [
      ...added.map((s) => ({
        ...weightsOf(s),
        instrumentVersion: s.instrumentVersion,
        source: 'ADMIN' as const,
        current: added.find((x) => x.instrumentVersion === s.instrumentVersion) === s,
        createdAt: s.createdAt,
        createdBy: s.createdBy,
      })),
      ...configured.map((i) => ({
        ...weightsOf(i.weights),
        instrumentVersion: i.version,
        source: 'CONFIG' as const,
        current: !added.some((x) => x.instrumentVersion === i.version),
        createdAt: null,
        createdBy: null,
      })),
    ];
    return { items: all.map((s) => discloseRssWeightSet(s, role)).filter((s) => s !== null) };
  }

  /** 404 for an unknown instrument, 400 for weights that do not fit it, 409 for a version taken. Audited. */
  async add(actor: StaffUser, body: CreateRssWeightsRequest): Promise<AdminRssWeightSetResponse> {
    const instrument = this.instrument(body.instrumentVersion);
    const weights = weightsOf(body);
    const problems = validateRssWeights(instrument.indicators, weights);
    if (problems.length)
      throw new CodedHttpException(
        HttpStatus.BAD_REQUEST,
        'INVALID_RSS_WEIGHTS',
        `The weights do not fit ${instrument.version}: ${problems[0].message}`,
        { problems: problems.slice(0, 20) },
      );
    const taken = () =>
      new CodedHttpException(
        HttpStatus.CONFLICT,
        'RSS_WEIGHTS_VERSION_EXISTS',
        `The RSS weights version ${body.version} exists: a weight set is never changed, add a new version`,
      );
    if (this.rules.rssInstruments.some((i) => i.weights.version === body.version)) throw taken();
    const added = await this.sets.add(
      { id: actor.id, username: actor.username },
      { ...weights, instrumentVersion: instrument.version, createdBy: actor.id },
    );
    if (!added) throw taken();
    return { ...weightsOf(added), ...this.meta(added), source: 'ADMIN', current: true };
  }

  /**
   * A stored survey scored again under another weight set of its instrument. The case in scope first (404 as if it did
   * not exist), then the role (403: it sees the case but not its RSS scores), the survey (404), the set (404, or 422
   * when it belongs to another instrument). The stored score is not touched.
   */
  async rescore(user: StaffUser, caseId: string, rssId: string, weightsVersion: string): Promise<RssRescoreResponse> {
    const row = await this.cases.findById(caseId, scopeOf(user));
    if (!row) throw caseNotFound();
    if (readsPersonalData(user.role) && (await this.retention.anonymisedAt(caseId))) throw caseAnonymised();
    const reader = readerOf(user.role, row.view);
    if (!mayReadRssScores(reader))
      throw new CodedHttpException(
        HttpStatus.FORBIDDEN,
        'ROLE_NOT_ALLOWED',
        `The role ${user.role} may not see the RSS scores of a case`,
      );
    const stored = row.view.reintegration?.rss.find((r) => r.rssId === rssId);
    if (!stored) throw new CodedHttpException(HttpStatus.NOT_FOUND, 'RSS_NOT_FOUND', `No RSS ${rssId} in this case`);
    const instrument = this.rules.rssInstruments.find((i) => i.version === stored.instrumentVersion);
    if (!instrument)
      throw new CodedHttpException(
        HttpStatus.NOT_FOUND,
        'UNKNOWN_RSS_INSTRUMENT',
        `No RSS instrument ${stored.instrumentVersion} is configured`,
      );
    const weights = await this.weightsByVersion(weightsVersion, instrument);
    const result: RssRescoreResponse = {
      caseId,
      rssId: stored.rssId,
      instrumentVersion: stored.instrumentVersion,
      timing: stored.timing,
      effectiveAt: stored.effectiveAt,
      stored: scoreOf(stored),
      recomputed: scoreOf(rescoreRss(instrument, stored.answers, weights)),
    };
    const shown = discloseRssRescore(result, reader);
    if (!shown) throw caseNotFound(); // unreachable: mayReadRssScores above; the policy has the last word
    return shown;
  }

  private async weightsByVersion(version: string, instrument: RssInstrument): Promise<RssWeights> {
    // Instruments may share a configured weights version (a copied instrument): the survey's own instrument first.
    const named = this.rules.rssInstruments.filter((i) => i.weights.version === version);
    const configured = named.find((i) => i.version === instrument.version) ?? named[0];
    const set = configured
      ? { ...configured.weights, instrumentVersion: configured.version }
      : await this.sets.find(version);
    if (!set) throw weightsNotFound(version);
    if (set.instrumentVersion !== instrument.version)
      throw new CodedHttpException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'RSS_WEIGHTS_INSTRUMENT_MISMATCH',
        `The weight set ${version} belongs to ${set.instrumentVersion}, this survey to ${instrument.version}`,
      );
    return weightsOf(set);
  }

  private instrument(version: string): RssInstrument {
    const instrument = this.rules.rssInstruments.find((i) => i.version === version);
    if (!instrument)
      throw new CodedHttpException(
        HttpStatus.NOT_FOUND,
        'UNKNOWN_RSS_INSTRUMENT',
        `No RSS instrument ${version} is configured`,
      );
    return instrument;
  }

  private meta(s: RssWeightSetRecord) {
    return { instrumentVersion: s.instrumentVersion, createdAt: s.createdAt, createdBy: s.createdBy };
  }
}
