import { DEMO_PASSWORD } from '@avrr/persistence';

/**
 * Seeds a few demo cases through the running API, with fixed Idempotency-Keys: running it twice creates nothing twice.
 * Usage: API_URL=http://localhost:3000 node dist/apps/api/scripts/seed-demo-cases.js
 */
const API = process.env.API_URL ?? 'http://127.0.0.1:3000';
const consent = { given: true, signatory: 'SELF', formVersion: 'DP-2026-1', language: 'fr' };

const DEMO_CASES: { key: string; label: string; body: unknown }[] = [
  {
    key: 'demo-case-0001',
    label: 'single adult returning to Guinea',
    body: {
      hostOffice: 'MA-RBA',
      countryOfOrigin: 'GN',
      referralSource: 'WALK_IN',
      programme: 'AVRR-MA-2026',
      members: [
        {
          givenName: 'Mamadou',
          familyName: 'Demo-Bah',
          sex: 'M',
          dateOfBirth: '1996-05-04',
          relationship: 'PA',
          nationality: 'GN',
          languages: ['fr', 'ff'],
          phone: '+212 600 000 001',
          dataConsent: consent,
        },
      ],
    },
  },
  {
    key: 'demo-case-0002',
    label: 'family of four returning to Senegal',
    body: {
      hostOffice: 'MA-RBA',
      countryOfOrigin: 'SN',
      referralSource: 'NGO',
      members: [
        {
          givenName: 'Awa',
          familyName: 'Demo-Ndiaye',
          sex: 'F',
          dateOfBirth: '1991-01-20',
          relationship: 'PA',
          nationality: 'SN',
          languages: ['fr', 'wo'],
          dataConsent: consent,
        },
        {
          givenName: 'Cheikh',
          familyName: 'Demo-Ndiaye',
          sex: 'M',
          estimatedAge: 40,
          relationship: 'SPOUSE',
          nationality: 'SN',
          languages: ['wo'],
          dataConsent: consent,
        },
        {
          givenName: 'Mariama',
          familyName: 'Demo-Ndiaye',
          sex: 'F',
          dateOfBirth: '2016-07-01',
          relationship: 'CHILD',
          nationality: 'SN',
          languages: ['wo'],
          guardianIndexes: [0, 1],
          dataConsent: { ...consent, signatory: 'GUARDIAN' },
        },
        {
          givenName: 'Moussa',
          familyName: 'Demo-Ndiaye',
          sex: 'M',
          dateOfBirth: '2020-03-12',
          relationship: 'CHILD',
          nationality: 'SN',
          languages: ['wo'],
          guardianIndexes: [0, 1],
          dataConsent: { ...consent, signatory: 'GUARDIAN' },
        },
      ],
    },
  },
  {
    key: 'demo-case-0003',
    label: 'referral from the hotline, consent not yet taken',
    body: {
      hostOffice: 'MA-RBA',
      countryOfOrigin: 'CI',
      referralSource: 'HOTLINE',
      members: [
        {
          givenName: 'Koffi',
          familyName: 'Demo-Kouassi',
          sex: 'M',
          estimatedAge: 24,
          relationship: 'PA',
          nationality: 'CI',
          languages: ['fr'],
        },
      ],
    },
  },
];

/** The fields of the API's answers (a login, a case, an error) this script reads. */
interface ApiBody {
  code?: string;
  message?: string;
  accessToken?: string;
  reference?: string;
  stage?: string;
}

async function call(path: string, init: RequestInit & { token?: string } = {}) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(init.headers as Record<string, string>),
  };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(`${API}${path}`, { ...init, headers });
  const body = (await res.json().catch(() => ({}))) as ApiBody;
  if (!res.ok)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${body.code ?? ''} ${body.message ?? ''}`);
  return { status: res.status, body };
}

async function main() {
  if (process.env.NODE_ENV === 'production') {
    console.log('seed-demo-cases: NODE_ENV=production, no demo cases are created');
    return;
  }
  const login = await call('/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username: 'officer.rabat', password: DEMO_PASSWORD }),
  });
  for (const [i, demo] of DEMO_CASES.entries()) {
    const res = await call('/cases', {
      method: 'POST',
      token: login.body.accessToken,
      headers: { 'idempotency-key': demo.key },
      body: JSON.stringify(demo.body),
    });
    console.log(
      `    [${i + 1}/${DEMO_CASES.length}] ${res.status === 201 ? 'created ' : 'existing'} ${res.body.reference} (${res.body.stage}): ${demo.label}`,
    );
  }
}

main().catch((err) => {
  console.error(`seed-demo-cases failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
