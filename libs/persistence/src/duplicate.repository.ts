import type { DuplicateDecision, DuplicateFeature, Stage } from '@avrr/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** An earlier person who may be the same as a new one: loaded to be scored, never returned as such. */
export interface DuplicateCandidateRow {
  caseId: string;
  hostOffice: string;
  givenName: string;
  familyName: string;
  aliases: string[];
  dateOfBirth: string;
  dateOfBirthEstimated: boolean;
  phone: string | null;
  /** Keyed digests of the person's document numbers (never a number in clear). */
  documentDigests: string[];
}

/** A possible duplicate of a case as stored: references, score and feature codes only. */
export interface PossibleDuplicateRow {
  caseId: string;
  reference: string;
  office: string;
  stage: Stage;
  score: number;
  features: DuplicateFeature[];
  decision: DuplicateDecision | null;
  /** FOUND: found when this case was registered; LINKED_FROM: a later case recorded SAME_PERSON with this one. */
  direction: 'FOUND' | 'LINKED_FROM';
}

/** How a new person is looked up among earlier ones (any office). */
export interface DuplicateLookup {
  /** Name words in every searched spelling (nameSearchForms). */
  nameTerms: string[];
  /** The last nine digits of each E.164 phone. */
  phoneTails: string[];
  /** Dates of birth (YYYY-MM-DD); people born within a year of one of them and sharing a name word are candidates. */
  datesOfBirth: string[];
  /** Keyed digests of the new people's document numbers (HouseholdRepository.documentDigests). */
  documentDigests: string[];
}

/** Duplicate candidates at registration (issue 11 item 6): SQL narrows, the domain scores (duplicates.ts). */
@Injectable()
export class DuplicateRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * The members of other cases, in every office, who share a document number (its keyed digest), a phone (last nine
   * digits) or a name word and a date of birth within a year. At most `limit` rows: the domain scores them.
   */
  async candidates(excludeCaseId: string, q: DuplicateLookup, limit = 200): Promise<DuplicateCandidateRow[]> {
    if (!q.nameTerms.length && !q.phoneTails.length && !q.documentDigests.length) return [];
    const rows: Array<{
      case_id: string;
      host_office: string;
      given_name: string;
      family_name: string;
      aliases: string[];
      dob: string;
      date_of_birth_estimated: boolean;
      phone: string | null;
      document_digests: string[];
    }> = await this.db.query(
      `SELECT c.id AS case_id, c.host_office, i.given_name, i.family_name, i.aliases,
              to_char(i.date_of_birth, 'YYYY-MM-DD') AS dob, i.date_of_birth_estimated, i.phone,
              ARRAY(SELECT dd.digest::text FROM individual_document_digests dd WHERE dd.individual_id = i.id)
                AS document_digests
         FROM individuals i
         JOIN case_members m ON m.individual_id = i.id
         JOIN cases c ON c.id = m.case_id
        WHERE c.id <> $1
          AND ((i.phone_digits IS NOT NULL AND right(i.phone_digits, 9) = ANY($2::text[]))
            OR EXISTS (SELECT 1 FROM individual_document_digests dd
                        WHERE dd.individual_id = i.id AND dd.digest = ANY($6::text[]))
            OR (EXISTS (SELECT 1 FROM individual_search_terms t
                         WHERE t.individual_id = i.id AND t.term = ANY($3::text[]))
                AND EXISTS (SELECT 1 FROM unnest($4::date[]) d
                             WHERE i.date_of_birth BETWEEN d - interval '1 year' AND d + interval '1 year')))
        LIMIT $5`,
      [excludeCaseId, q.phoneTails, q.nameTerms, q.datesOfBirth, limit, q.documentDigests],
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      hostOffice: r.host_office,
      givenName: r.given_name,
      familyName: r.family_name,
      aliases: r.aliases,
      dateOfBirth: r.dob,
      dateOfBirthEstimated: r.date_of_birth_estimated,
      phone: r.phone,
      documentDigests: r.document_digests,
    }));
  }

  /** Stores the candidates found for a new case (a retry writes nothing new). */
  async save(
    caseId: string,
    found: ReadonlyArray<{ candidateCaseId: string; score: number; features: DuplicateFeature[] }>,
  ): Promise<void> {
    for (const f of found)
      await this.db.query(
        `INSERT INTO case_duplicate_candidates (case_id, candidate_case_id, score, features)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [caseId, f.candidateCaseId, f.score, f.features],
      );
  }

  /** The possible duplicates of a case: those found at its registration, and later cases that linked to it. */
  async of(caseId: string): Promise<PossibleDuplicateRow[]> {
    const rows: Array<{
      case_id: string;
      reference: string;
      host_office: string;
      stage: Stage;
      score: string;
      features: DuplicateFeature[];
      decision: DuplicateDecision | null;
      direction: 'FOUND' | 'LINKED_FROM';
    }> = await this.db.query(
      `SELECT c.id AS case_id, c.reference, c.host_office, c.stage, d.score, d.features, d.decision, 'FOUND' AS direction
         FROM case_duplicate_candidates d JOIN cases c ON c.id = d.candidate_case_id
        WHERE d.case_id = $1
       UNION ALL
       SELECT c.id, c.reference, c.host_office, c.stage, d.score, d.features, d.decision, 'LINKED_FROM'
         FROM case_duplicate_candidates d JOIN cases c ON c.id = d.case_id
        WHERE d.candidate_case_id = $1 AND d.decision = 'SAME_PERSON'
        ORDER BY 5 DESC, 2`,
      [caseId],
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      reference: r.reference,
      office: r.host_office,
      stage: r.stage,
      score: Number(r.score),
      features: r.features,
      decision: r.decision,
      direction: r.direction,
    }));
  }

  /** Records the officer's decision on one candidate; false when it is not a candidate of this case. */
  async decide(caseId: string, candidateCaseId: string, decision: DuplicateDecision, userId: string): Promise<boolean> {
    // An UPDATE answers [rows, count] through TypeORM's pg driver.
    const res: unknown = await this.db.query(
      `UPDATE case_duplicate_candidates SET decision = $3, decided_by = $4, decided_at = now()
        WHERE case_id = $1 AND candidate_case_id = $2 RETURNING 1`,
      [caseId, candidateCaseId, decision, userId],
    );
    return Array.isArray(res) && Array.isArray(res[0]) && res[0].length > 0;
  }
}
