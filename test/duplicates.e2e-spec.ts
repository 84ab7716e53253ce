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
});
