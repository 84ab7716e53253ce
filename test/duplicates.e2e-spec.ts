import { randomUUID } from 'node:crypto';
import { singleAdult } from './helpers/households';
import { CaseDriver } from './helpers/journey';
import { TestStack } from './helpers/stack';

/**
 * Duplicate detection at registration (issue 11 item 6): a person registered in Rabat comes back to Oujda under a
 * transliterated, reordered name, a national-format phone and a date of birth with day and month swapped. The second
 * registration lists the first case as a reference with a score and what matched, never the first case's personal
 * data; the officer records SAME_PERSON, which links both cases (references only).
 */
describe('duplicate detection across offices', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('lists the earlier case by reference and score only, records SAME_PERSON and links both sides', async () => {
    const family = `Sow${randomUUID().slice(0, 6).replace(/\d/g, 'x')}`;
    const digits = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
    const first = singleAdult();
    Object.assign(first.members[0], {
      givenName: 'Mohamed',
      familyName: family,
      dateOfBirth: '1994-03-07',
      phone: `+212 6${digits}`,
    });
    const c1 = await CaseDriver.open(stack, 'officer.rabat', first, ['pa']);
    expect(c1.view.possibleDuplicates).toEqual([]);

    const second = singleAdult({ hostOffice: 'MA-OUJ' });
    Object.assign(second.members[0], {
      givenName: family.toUpperCase(),
      familyName: 'Muhammad',
      dateOfBirth: '1994-07-03',
      phone: `06-${digits.slice(0, 4)}-${digits.slice(4)}`,
    });
    const c2 = await CaseDriver.open(stack, 'officer.oujda', second, ['pa']);
    expect(c2.view.possibleDuplicates).toEqual([
      {
        caseId: c1.caseId,
        reference: c1.view.reference,
        office: 'MA-RBA',
        stage: 'REGISTERED',
        score: expect.any(Number),
        features: ['PHONE', 'NAME_EXACT', 'DOB_DAY_MONTH_SWAP'],
        decision: null,
        direction: 'FOUND',
      },
    ]);
    expect(c2.view.possibleDuplicates[0].score).toBeGreaterThan(0.9);
    // Nothing of the first person leaves the check: not their spelling of the name, date of birth or phone.
    const answer = JSON.stringify(c2.view);
    for (const personal of ['Mohamed', '1994-03-07', digits]) expect(answer).not.toContain(personal);

    // Roles that decide nothing see nothing of it; a case that is no candidate is refused with a code.
    const ops = await stack.request('GET', `/cases/${c2.caseId}`, { as: 'operations' });
    expect(ops.status === 404 || (ops.status === 200 && ops.body.possibleDuplicates === undefined)).toBe(true);
    await c2.expectRejected(
      'officer.oujda',
      'RecordDuplicateDecision',
      { candidateCaseId: c2.caseId, decision: 'SAME_PERSON' },
      422,
      'DUPLICATE_CANDIDATE_NOT_FOUND',
    );

    await c2.run('officer.oujda', 'RecordDuplicateDecision', { candidateCaseId: c1.caseId, decision: 'SAME_PERSON' });
    expect((await c2.history('officer.oujda')).at(-1)).toMatchObject({ commandType: 'RecordDuplicateDecision' });
    const again = await stack.request('GET', `/cases/${c2.caseId}`, { as: 'officer.oujda' });
    expect(again.body.possibleDuplicates).toMatchObject([{ caseId: c1.caseId, decision: 'SAME_PERSON' }]);
    // The earlier office sees the link as a reference, and nothing personal of the later case either.
    const earlier = await stack.request('GET', `/cases/${c1.caseId}`, { as: 'officer.rabat' });
    expect(earlier.body.possibleDuplicates).toEqual([
      {
        caseId: c2.caseId,
        reference: c2.view.reference,
        office: 'MA-OUJ',
        stage: 'REGISTERED',
        score: expect.any(Number),
        features: ['PHONE', 'NAME_EXACT', 'DOB_DAY_MONTH_SWAP'],
        decision: 'SAME_PERSON',
        direction: 'LINKED_FROM',
      },
    ]);
    expect(JSON.stringify(earlier.body)).not.toContain('1994-07-03');
  }, 180000);

  it('finds an earlier case by the same passport number under another spelling, and keeps no number in clear', async () => {
    const passport = `Q${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;
    const first = singleAdult();
    Object.assign(first.members[0], {
      givenName: 'Fatoumata',
      familyName: `Keita${randomUUID().slice(0, 4).replace(/\d/g, 'y')}`,
      dateOfBirth: '1988-01-15',
      documentNumbers: [passport.toLowerCase()],
    });
    delete (first.members[0] as { phone?: string }).phone;
    const c1 = await CaseDriver.open(stack, 'officer.rabat', first, ['pa']);

    // Another office, another spelling, another date of birth, no phone: only the document number is shared.
    const second = singleAdult({ hostOffice: 'MA-OUJ' });
    Object.assign(second.members[0], {
      givenName: 'Fanta',
      familyName: `Traore${randomUUID().slice(0, 4).replace(/\d/g, 'z')}`,
      dateOfBirth: '1979-06-30',
      documentNumbers: [`${passport.slice(0, 3)} ${passport.slice(3, 6)}-${passport.slice(6)}`],
    });
    delete (second.members[0] as { phone?: string }).phone;
    const c2 = await CaseDriver.open(stack, 'officer.oujda', second, ['pa']);
    expect(c2.view.possibleDuplicates).toEqual([
      expect.objectContaining({
        caseId: c1.caseId,
        office: 'MA-RBA',
        features: ['DOCUMENT_NUMBER'],
        direction: 'FOUND',
      }),
    ]);
    expect(c2.view.possibleDuplicates[0].score).toBeGreaterThanOrEqual(0.95);
    expect(JSON.stringify(c2.view)).not.toContain(passport.slice(1));

    // Only keyed digests are stored: the number (in any of its spellings) is nowhere in the person's rows.
    const { rows } = await stack.db.query(
      `SELECT to_jsonb(i)::text AS person,
              (SELECT coalesce(string_agg(t.term, ' '), '') FROM individual_search_terms t WHERE t.individual_id = i.id) AS terms,
              (SELECT coalesce(string_agg(d.digest, ' '), '') FROM individual_document_digests d
                WHERE d.individual_id = i.id) AS digests
         FROM individuals i JOIN case_members m ON m.individual_id = i.id WHERE m.case_id = ANY($1::uuid[])`,
      [[c1.caseId, c2.caseId]],
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.digests).toMatch(/^[0-9a-f]{64}$/);
      for (const text of [r.person, r.terms, r.digests]) expect(text.toUpperCase()).not.toContain(passport.slice(1));
    }
    const { rows: anywhere } = await stack.db.query(
      `SELECT count(*)::int AS n FROM individual_search_terms WHERE upper(term) LIKE '%' || $1 || '%'`,
      [passport.slice(1)],
    );
    expect(anywhere[0].n).toBe(0);

    // A number that is no number is refused with a code.
    const bad = singleAdult();
    Object.assign(bad.members[0], { documentNumbers: ['A-1-2'] });
    const refused = await stack.request('POST', '/cases', { as: 'officer.rabat', body: bad });
    expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  }, 180000);
});
