import type { Relationship, Sex } from '@avrr/domain';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { documentDigestKey, documentNumberDigest } from './opaque-ids';
import { nameTermsOf, phoneDigits } from './search-terms';

/** Personal data (D1) of one household member; stays in PostgreSQL, never in Temporal or Redis. */
export interface HouseholdMemberRecord {
  memberId: string;
  individualId: string;
  position: number;
  relationship: Relationship;
  givenName: string;
  familyName: string;
  aliases: string[];
  sex: Sex;
  dateOfBirth: string;
  dateOfBirthEstimated: boolean;
  nationality: string;
  languages: string[];
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  guardianMemberIds: string[];
  dataConsent: boolean;
  consentSignatory?: string | null;
  consentFormVersion?: string | null;
  consentLanguage?: string | null;
  consentRecordedAt?: string | null;
  /**
   * Travel or identity document numbers given at registration: written only as keyed digests
   * (individual_document_digests), never stored in clear and never read back.
   */
  documentNumbers?: readonly string[];
}

/** A row of `case_members` joined with its `individuals` row, as membersOf selects it. */
interface MemberRow {
  id: string;
  individual_id: string;
  position: number;
  relationship: Relationship;
  given_name: string;
  family_name: string;
  aliases: string[];
  sex: Sex;
  dob: string;
  date_of_birth_estimated: boolean;
  nationality_declared: string;
  languages: string[];
  phone: string | null;
  email: string | null;
  address: string | null;
  guardian_member_ids: string[];
  data_consent: boolean;
  consent_signatory: string | null;
  consent_form_version: string | null;
  consent_language: string | null;
  consent_recorded_at: Date | null;
}

@Injectable()
export class HouseholdRepository {
  private readonly documentKey: Buffer;
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.documentKey = documentDigestKey(config.piiKey);
  }

  /** The keyed digests of document numbers (upper case, no separators), each once; too short ones are dropped. */
  documentDigests(numbers: readonly (string | null | undefined)[]): string[] {
    return [...new Set(numbers.map((n) => documentNumberDigest(this.documentKey, n)).filter((d): d is string => !!d))];
  }

  private async writeDocumentDigests(tx: EntityManager, individualId: string, digests: string[]): Promise<void> {
    if (!digests.length) return;
    await tx.query(
      `INSERT INTO individual_document_digests (individual_id, digest) SELECT $1, unnest($2::text[])
       ON CONFLICT DO NOTHING`,
      [individualId, digests],
    );
  }

  /**
   * Saves the household of a new case once (with the normalised search rows of its names and phones): a retried
   * request finds the members already there and writes nothing.
   */
  async saveOnce(caseId: string, members: HouseholdMemberRecord[]): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [caseId]);
      const existing = await tx.query('SELECT 1 FROM case_members WHERE case_id = $1 LIMIT 1', [caseId]);
      if (existing.length) return false;
      for (const m of members) {
        await tx.query(
          `INSERT INTO individuals (id, given_name, family_name, aliases, sex, date_of_birth, date_of_birth_estimated,
             nationality_declared, languages, phone, email, address, phone_digits)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
          [
            m.individualId,
            m.givenName,
            m.familyName,
            m.aliases,
            m.sex,
            m.dateOfBirth,
            m.dateOfBirthEstimated,
            m.nationality,
            m.languages,
            m.phone ?? null,
            m.email ?? null,
            m.address ?? null,
            phoneDigits(m.phone),
          ],
        );
        // The search rows of the names, written with the person (same transaction): see search-terms.ts.
        await tx.query(
          `INSERT INTO individual_search_terms (individual_id, term) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
          [m.individualId, nameTermsOf(m)],
        );
        await this.writeDocumentDigests(tx, m.individualId, this.documentDigests(m.documentNumbers ?? []));
        await tx.query(
          `INSERT INTO case_members (id, case_id, individual_id, position, relationship, guardian_member_ids, data_consent,
             consent_signatory, consent_form_version, consent_language, consent_recorded_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
          [
            m.memberId,
            caseId,
            m.individualId,
            m.position,
            m.relationship,
            m.guardianMemberIds,
            m.dataConsent,
            m.consentSignatory ?? null,
            m.consentFormVersion ?? null,
            m.consentLanguage ?? null,
            m.consentRecordedAt ?? null,
          ],
        );
      }
      return true;
    });
  }

  async membersOf(caseId: string): Promise<HouseholdMemberRecord[]> {
    const rows: MemberRow[] = await this.db.query(
      `SELECT m.*, i.given_name, i.family_name, i.aliases, i.sex, to_char(i.date_of_birth, 'YYYY-MM-DD') AS dob,
              i.date_of_birth_estimated, i.nationality_declared, i.languages, i.phone, i.email, i.address
         FROM case_members m JOIN individuals i ON i.id = m.individual_id
        WHERE m.case_id = $1 ORDER BY m.position`,
      [caseId],
    );
    return rows.map((r) => ({
      memberId: r.id,
      individualId: r.individual_id,
      position: r.position,
      relationship: r.relationship,
      givenName: r.given_name,
      familyName: r.family_name,
      aliases: r.aliases,
      sex: r.sex,
      dateOfBirth: r.dob,
      dateOfBirthEstimated: r.date_of_birth_estimated,
      nationality: r.nationality_declared,
      languages: r.languages,
      phone: r.phone,
      email: r.email,
      address: r.address,
      guardianMemberIds: r.guardian_member_ids,
      dataConsent: r.data_consent,
      consentSignatory: r.consent_signatory,
      consentFormVersion: r.consent_form_version,
      consentLanguage: r.consent_language,
      consentRecordedAt: r.consent_recorded_at ? new Date(r.consent_recorded_at).toISOString() : null,
    }));
  }

  /**
   * The document numbers of a member recorded after registration (with a travel document): their digests join the
   * ones duplicate detection reads. Idempotent; false when the member is not part of the case.
   */
  async addDocumentNumbers(caseId: string, memberId: string, numbers: readonly string[]): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [row]: { individual_id: string }[] = await tx.query(
        'SELECT individual_id FROM case_members WHERE case_id = $1 AND id = $2',
        [caseId, memberId],
      );
      if (!row) return false;
      await this.writeDocumentDigests(tx, row.individual_id, this.documentDigests(numbers));
      return true;
    });
  }

  /** The document-number digests of each member of a case (member id -> digests). */
  async documentDigestsOf(caseId: string): Promise<Map<string, string[]>> {
    const rows: { member_id: string; digest: string }[] = await this.db.query(
      `SELECT m.id AS member_id, d.digest FROM case_members m
         JOIN individual_document_digests d ON d.individual_id = m.individual_id
        WHERE m.case_id = $1`,
      [caseId],
    );
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.member_id, [...(out.get(r.member_id) ?? []), r.digest]);
    return out;
  }

  /** SplitCase: the members (and their personal data) now belong to the new case. Idempotent. */
  async moveMembers(fromCaseId: string, toCaseId: string, memberIds: string[]): Promise<void> {
    await this.db.query('UPDATE case_members SET case_id = $2 WHERE case_id = $1 AND id = ANY($3::uuid[])', [
      fromCaseId,
      toCaseId,
      memberIds,
    ]);
  }
}
