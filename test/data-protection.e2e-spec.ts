import { createHash, randomUUID } from 'node:crypto';
import { singleAdult } from './helpers/households';
import { booking, CaseDriver, days, departure, requirementCodes, singleAdultReady } from './helpers/journey';
import { TestStack } from './helpers/stack';

/**
 * Data protection (issue 11 items 1-3, AVRR.md §13): consents per purpose and their withdrawal, the Transfer records
 * the commands that send data create (allow-lists, default deny, the focal point's approval), and the focal point's
 * desk (access request export, audited). Real cases driven through the HTTP API.
 */
describe('data protection', () => {
  let stack: TestStack;
  let c: CaseDriver;
  const officer = 'officer.rabat';
  const consent = (memberId: string, purpose: string) => ({
    memberId,
    purpose,
    formVersion: `${purpose}-2026-1`,
    language: 'ff',
    interpreterUsed: true,
    signatory: 'SELF',
    thumbprint: true,
    capacityConcern: false,
  });

  beforeAll(async () => {
    // The bundle `npm run build` made: no webpack run at the worker's start (slow on a loaded machine).
    stack = await TestStack.start({ env: { TEMPORAL_WORKFLOW_BUNDLE: 'dist/workflow-bundle.js' } });
    c = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('should record consents per purpose and withdraw one without withdrawing from the return', async () => {
    const pa = c.id('pa');
    await c.run(officer, 'RecordConsent', consent(pa, 'RSS_INTERVIEW') as never);
    await c.run(officer, 'RecordConsent', consent(pa, 'PHOTOS_BIOMETRICS') as never);
    await c.run(officer, 'WithdrawConsent', { memberId: pa, purpose: 'PHOTOS_BIOMETRICS' } as never);
    expect(c.stage).toBe('REGISTERED');
    expect(c.view.consents).toEqual([
      expect.objectContaining({
        purpose: 'RSS_INTERVIEW',
        status: 'GIVEN',
        language: 'ff',
        interpreterUsed: true,
        thumbprint: true,
      }),
      expect.objectContaining({ purpose: 'PHOTOS_BIOMETRICS', status: 'WITHDRAWN' }),
    ]);
    const again = await c.send(officer, 'WithdrawConsent', { memberId: pa, purpose: 'PHOTOS_BIOMETRICS' });
    expect([again.status, requirementCodes(again.body.details.requirements)]).toEqual([
      422,
      [`CONSENT_NOT_GIVEN:${pa}`],
    ]);
  });

  it('should create the consulate transfer of a travel document request with the allowed identity items only', async () => {
    await singleAdultReady(c, days(60));
    const res = await stack.request('GET', `/cases/${c.caseId}/transfers`, { as: officer });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        recipientKind: 'CONSULATE',
        recipientName: 'CONSULATE-GN-RABAT',
        // No photo: the photos consent was withdrawn before the request.
        items: ['NAME', 'DATE_OF_BIRTH', 'NATIONALITY'],
        legalBasis: expect.objectContaining({ kind: 'CONSENT' }),
        status: 'SENT',
        approvedBy: 'ALLOW_LIST',
        memberIds: [c.id('pa')],
      }),
      // The exit authorization: identity and the document number to the host country's authority, nothing else.
      expect.objectContaining({
        recipientKind: 'AUTHORITY',
        recipientName: 'DGSN',
        purpose: 'EXIT_AUTHORIZATION',
        items: ['NAME', 'DATE_OF_BIRTH', 'NATIONALITY', 'DOCUMENT_NUMBER'],
        legalBasis: expect.objectContaining({ kind: 'CONSENT' }),
        status: 'SENT',
        approvedBy: 'ALLOW_LIST',
        memberIds: [c.id('pa')],
      }),
    ]);
    expect((await stack.request('GET', `/cases/${c.caseId}/transfers`, { as: 'movement.rabat' })).status).toBe(403);
    expect((await stack.request('GET', `/cases/${c.caseId}/transfers`, { as: 'dpo.rabat' })).status).toBe(200);
    // Another office's officer: the case does not exist for them.
    expect((await stack.request('GET', `/cases/${c.caseId}/transfers`, { as: 'officer.oujda' })).status).toBe(404);
  });

  it('should hold a transfer outside the allow-list until the data protection focal point approves it', async () => {
    const body = {
      recipientKind: 'SERVICE_PROVIDER',
      recipientName: 'CLINIC-CKY-1',
      purpose: 'MEDICAL_REFERRAL',
      items: ['NAME', 'CONTACT_DETAILS'],
      memberIds: [c.id('pa')],
      legalBasis: { kind: 'AGREEMENT', ref: 'DSA-2026-3' },
      safeguards: ['ENCRYPTED_CHANNEL'],
    };
    const requested = await stack.request('POST', `/cases/${c.caseId}/transfers`, { as: officer, body });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ status: 'PENDING_APPROVAL', approvedBy: null, outsideItems: body.items });
    const id = requested.body.transferId;

    const pending = await stack.request('GET', '/data-protection/transfers/pending', { as: 'dpo.rabat' });
    expect(pending.body.items.map((t: { transferId: string }) => t.transferId)).toContain(id);
    const byOfficer = await stack.request('POST', `/data-protection/transfers/${id}/approve`, {
      as: officer,
      body: {},
    });
    expect(byOfficer.status).toBe(403);

    // An override of the allow-list needs its reason (AVRR.md §13 principle 13).
    const unreasoned = await stack.request('POST', `/data-protection/transfers/${id}/approve`, {
      as: 'dpo.rabat',
      body: {},
    });
    expect([unreasoned.status, unreasoned.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const approved = await stack.request('POST', `/data-protection/transfers/${id}/approve`, {
      as: 'dpo.rabat',
      body: { reasonCode: 'MINIMUM_NECESSARY' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', decisionReason: 'MINIMUM_NECESSARY' });
    const twice = await stack.request('POST', `/data-protection/transfers/${id}/reject`, {
      as: 'dpo.rabat',
      body: { reasonCode: 'NOT_NECESSARY' },
    });
    expect([twice.status, twice.body.code]).toEqual([409, 'TRANSFER_ALREADY_DECIDED']);
    const unknown = await stack.request('POST', '/data-protection/transfers/nope/approve', {
      as: 'dpo.rabat',
      body: { reasonCode: 'MINIMUM_NECESSARY' },
    });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'TRANSFER_NOT_FOUND']);

    const vot = await stack.request('POST', `/cases/${c.caseId}/transfers`, {
      as: officer,
      body: { ...body, recipientKind: 'CONSULATE', recipientName: 'CONSULATE-GN-RABAT', items: ['NAME', 'VOT_STATUS'] },
    });
    expect([vot.status, vot.body.code]).toEqual([422, 'TRANSFER_ITEM_PROHIBITED']);
  });

  it('should create the airline and handover transfers, and stop the RSS interview once its consent is withdrawn', async () => {
    await c.run('movement.rabat', 'ConfirmBooking', booking(days(0)));
    await c.run('movement.rabat', 'RecordDeparture', departure);
    await c.run('movement.rabat', 'RecordArrival', { receptionRecorded: true, receivingOffice: 'GN-CKY' });
    await c.run('counterpart.conakry', 'AcknowledgeHandover', {});
    const transfers = (await stack.request('GET', `/cases/${c.caseId}/transfers`, { as: officer })).body.items;
    expect(transfers.map((t: { recipientKind: string; items: string[] }) => [t.recipientKind, t.items])).toEqual(
      expect.arrayContaining([
        ['AIRLINE', ['NAME', 'DOCUMENT_NUMBER']],
        ['RECEIVING_OFFICE', ['HANDOVER_FILE']],
      ]),
    );
    const pendingKinds = async () =>
      (
        await stack.db.query(`SELECT kind FROM reminders WHERE case_id = $1 AND status = 'PENDING' ORDER BY kind`, [
          c.caseId,
        ])
      ).rows.map((r: { kind: string }) => r.kind);
    expect(await pendingKinds()).toContain('RSS_DUE');

    await c.run('counterpart.conakry', 'WithdrawConsent', { memberId: c.id('pa'), purpose: 'RSS_INTERVIEW' } as never);
    expect(await pendingKinds()).not.toContain('RSS_DUE');
    const rss = await c.send('counterpart.conakry', 'RecordRss', {
      instrumentVersion: 'RSS-1',
      timing: 'BASELINE',
      mode: 'IN_PERSON',
      answers: { ECO_SATISFACTION: 4 },
    });
    expect([rss.status, requirementCodes(rss.body.details.requirements)]).toEqual([422, ['CONSENT_WITHDRAWN']]);
  });

  it('should answer an access request with everything held about the person, and audit it', async () => {
    const pa = c.id('pa');
    const denied = await stack.request('POST', '/data-protection/access-requests', {
      as: officer,
      body: { caseId: c.caseId, memberId: pa, channel: 'IN_PERSON' },
    });
    expect(denied.status).toBe(403);
    const res = await stack.request('POST', '/data-protection/access-requests', {
      as: 'dpo.rabat',
      body: { caseId: c.caseId, memberId: pa, channel: 'IN_PERSON' },
    });
    expect(res.status).toBe(201);
    const familyName = c.view.members[0].personal.familyName;
    expect(res.body.data.person).toMatchObject({ memberId: pa, givenName: 'Mamadou', familyName });
    expect(res.body.data.consents.map((x: { purpose: string }) => x.purpose)).toEqual([
      'RSS_INTERVIEW',
      'PHOTOS_BIOMETRICS',
    ]);
    expect(res.body.data.transfers.length).toBeGreaterThanOrEqual(3);
    expect(res.body.data.history.length).toBeGreaterThan(5);
    expect(res.body.document.content).toContain(familyName);

    const audited = await stack.request('GET', '/data-protection/access-requests', { as: 'dpo.rabat' });
    const row = audited.body.items.find((r: { requestId: string }) => r.requestId === res.body.request.requestId);
    expect(row).toMatchObject({ caseId: c.caseId, memberId: pa, channel: 'IN_PERSON' });
    expect(row.exportSha256).toBe(createHash('sha256').update(JSON.stringify(res.body.data)).digest('hex'));
  });

  it('should keep the history of corrections, declared and confirmed, and log incidents', async () => {
    const pa = c.id('pa');
    for (const [value, basis] of [
      ['Bah', 'DECLARED'],
      ['Ba', 'CONFIRMED'],
    ])
      expect(
        (
          await stack.request('POST', '/data-protection/corrections', {
            as: 'dpo.rabat',
            body: { caseId: c.caseId, memberId: pa, field: 'familyName', value, basis, source: 'CONSULATE-GN-RABAT' },
          })
        ).status,
      ).toBe(201);
    const list = await stack.request('GET', `/data-protection/corrections?caseId=${c.caseId}`, { as: 'dpo.rabat' });
    // The registration value the first correction replaced is kept (sealed) as the first row of the history.
    expect(
      list.body.items.map((x: { value: string; basis: string; source: string }) => [x.value, x.basis, x.source]),
    ).toEqual([
      [expect.stringMatching(/^Bah-/), 'DECLARED', 'REGISTRATION'],
      ['Bah', 'DECLARED', 'CONSULATE-GN-RABAT'],
      ['Ba', 'CONFIRMED', 'CONSULATE-GN-RABAT'],
    ]);
    const { rows } = await stack.db.query('SELECT value_sealed FROM dp_corrections WHERE case_id = $1', [c.caseId]);
    expect(rows.every((r: { value_sealed: string }) => !r.value_sealed.includes('Bah'))).toBe(true);
  });

  it('should apply a correction to the identity record, keep both versions, and find the person by the corrected name', async () => {
    const d = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
    const pa = d.id('pa');
    const before = await stack.request('GET', `/cases/${d.caseId}`, { as: officer });
    const registeredName: string = before.body.members[0].personal.familyName;
    const corrected = `Ndiaye${randomUUID().slice(0, 6).replace(/\d/g, 'q')}`;
    const correct = (field: string, value: string, basis = 'CONFIRMED') =>
      stack.request('POST', '/data-protection/corrections', {
        as: 'dpo.rabat',
        body: { caseId: d.caseId, memberId: pa, field, value, basis, source: 'CONSULATE-GN-RABAT' },
      });

    // Bad values are a 400 with a code, not a 500; nothing is recorded.
    for (const [field, value] of [
      ['dateOfBirth', '1993-02-30'],
      ['dateOfBirth', '2999-01-01'],
      ['nationality', 'XX'],
      ['phone', 'call me'],
      ['familyName', '   '],
      ['givenName', 'x'.repeat(121)],
    ]) {
      const bad = await correct(field, value);
      expect([field, bad.status, bad.body.code]).toEqual([field, 400, 'VALIDATION_FAILED']);
    }
    const unknown = await stack.request('POST', '/data-protection/corrections', {
      as: 'dpo.rabat',
      body: {
        caseId: d.caseId,
        memberId: randomUUID(),
        field: 'familyName',
        value: 'X',
        basis: 'DECLARED',
        source: 'P',
      },
    });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'UNKNOWN_MEMBER']);

    expect((await correct('familyName', corrected)).status).toBe(201);
    expect((await correct('dateOfBirth', '1993-11-20')).status).toBe(201);

    // The caseworker reads the corrected identity.
    const after = await stack.request('GET', `/cases/${d.caseId}`, { as: officer });
    expect(after.status).toBe(200);
    expect(after.body.members[0].personal).toMatchObject({
      familyName: corrected,
      dateOfBirth: '1993-11-20',
      dateOfBirthEstimated: false,
    });
    // The history keeps both versions of each field.
    const history = await stack.request('GET', `/data-protection/corrections?caseId=${d.caseId}&memberId=${pa}`, {
      as: 'dpo.rabat',
    });
    const versions = (field: string) =>
      history.body.items.filter((x: { field: string }) => x.field === field).map((x: { value: string }) => x.value);
    expect(versions('familyName')).toEqual([registeredName, corrected]);
    expect(versions('dateOfBirth')).toEqual(['1995-04-02', '1993-11-20']);
    // The reporting read model holds the corrected date of birth.
    const { rows: reported } = await stack.db.query(
      'SELECT date_of_birth::text AS dob FROM report_individuals WHERE case_id = $1 AND member_id = $2',
      [d.caseId, pa],
    );
    expect(reported.map((r: { dob: string }) => r.dob)).toEqual(['1993-11-20']);

    // The name search and the duplicate detection find the person by the corrected name, not the replaced one.
    const byName = await stack.request('GET', `/cases?q=${encodeURIComponent(corrected.toLowerCase())}`, {
      as: officer,
    });
    expect(byName.body.items.map((x: { caseId: string }) => x.caseId)).toContain(d.caseId);
    const byOldName = await stack.request('GET', `/cases?q=${encodeURIComponent(registeredName)}`, { as: officer });
    expect(byOldName.body.items.map((x: { caseId: string }) => x.caseId)).not.toContain(d.caseId);
    const again = singleAdult({ hostOffice: 'MA-OUJ' });
    Object.assign(again.members[0], { familyName: corrected.toUpperCase(), dateOfBirth: '1993-11-20' });
    delete (again.members[0] as { phone?: string }).phone;
    const later = await CaseDriver.open(stack, 'officer.oujda', again, ['pa']);
    expect(later.view.possibleDuplicates).toContainEqual(
      expect.objectContaining({ caseId: d.caseId, features: ['NAME_EXACT', 'DOB_EXACT'] }),
    );

    // A case that retention anonymised has no identity left to correct.
    await stack.db.query(
      `INSERT INTO case_retention (case_id, erased, anonymised_at, last_run_id) VALUES ($1, '{IDENTITY_CONTACT}', now(), $2)`,
      [later.caseId, randomUUID()],
    );
    const gone = await stack.request('POST', '/data-protection/corrections', {
      as: 'dpo.rabat',
      body: {
        caseId: later.caseId,
        memberId: later.id('pa'),
        field: 'familyName',
        value: 'X',
        basis: 'DECLARED',
        source: 'P',
      },
    });
    expect([gone.status, gone.body.code]).toEqual([410, 'CASE_ANONYMISED']);

    const incident = await stack.request('POST', '/data-protection/incidents', {
      as: 'dpo.rabat',
      body: {
        kind: 'WRONG_RECIPIENT',
        severity: 'MEDIUM',
        caseId: c.caseId,
        occurredAt: new Date().toISOString(),
        description: 'An email went to the wrong partner',
      },
    });
    expect(incident.status).toBe(201);
    const incidents = await stack.request('GET', '/data-protection/incidents', { as: 'dpo.rabat' });
    expect(incidents.body.items[0]).toMatchObject({ kind: 'WRONG_RECIPIENT', caseId: c.caseId });
    expect((await stack.request('GET', '/data-protection/incidents', { as: officer })).status).toBe(403);
    const reads = await stack.request('GET', '/data-protection/special-category-reads', { as: 'dpo.rabat' });
    expect(reads.status).toBe(200);
  });
});
