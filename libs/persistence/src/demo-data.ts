import type { Role } from '@avrr/domain';
import type { OfficeRecord } from './user.repository';

/** Demo offices: Moroccan host offices, and receiving offices in countries of origin (Morocco receives too). */
export const DEMO_OFFICES: OfficeRecord[] = [
  { code: 'MA-RBA', kind: 'HOST', country: 'MA', name: 'Rabat (host mission)', timeZone: 'Africa/Casablanca' },
  { code: 'MA-OUJ', kind: 'HOST', country: 'MA', name: 'Oujda (host sub-office)', timeZone: 'Africa/Casablanca' },
  { code: 'GN-CKY', kind: 'COO', country: 'GN', name: 'Conakry (receiving)', timeZone: 'Africa/Conakry' },
  { code: 'SN-DKR', kind: 'COO', country: 'SN', name: 'Dakar (receiving)', timeZone: 'Africa/Dakar' },
  { code: 'CI-ABJ', kind: 'COO', country: 'CI', name: 'Abidjan (receiving)', timeZone: 'Africa/Abidjan' },
  {
    code: 'MA-RBA-R',
    kind: 'COO',
    country: 'MA',
    name: 'Rabat (reintegration of Moroccan returnees)',
    timeZone: 'Africa/Casablanca',
  },
];

export interface DemoUser {
  username: string;
  role: Role;
  office: string | null;
  country: string | null;
  displayName: string;
}

/** One demo user per role; all share DEMO_PASSWORD, which only exists outside production. */
export const DEMO_USERS: DemoUser[] = [
  { username: 'officer.rabat', role: 'officer', office: 'MA-RBA', country: 'MA', displayName: 'AVRR officer, Rabat' },
  { username: 'officer.oujda', role: 'officer', office: 'MA-OUJ', country: 'MA', displayName: 'AVRR officer, Oujda' },
  {
    username: 'supervisor.rabat',
    role: 'supervisor',
    office: 'MA-RBA',
    country: 'MA',
    displayName: 'Programme manager, Rabat',
  },
  {
    username: 'protection.rabat',
    role: 'protection',
    office: 'MA-RBA',
    country: 'MA',
    displayName: 'Protection focal point, Rabat',
  },
  {
    username: 'medical.rabat',
    role: 'medical',
    office: 'MA-RBA',
    country: 'MA',
    displayName: 'Medical officer, Rabat',
  },
  {
    username: 'movement.rabat',
    role: 'movement',
    office: 'MA-RBA',
    country: 'MA',
    displayName: 'Movement assistant, Rabat',
  },
  {
    username: 'counterpart.conakry',
    role: 'counterpart',
    office: 'GN-CKY',
    country: 'GN',
    displayName: 'Reintegration case manager, Conakry',
  },
  {
    username: 'counterpart.dakar',
    role: 'counterpart',
    office: 'SN-DKR',
    country: 'SN',
    displayName: 'Reintegration case manager, Dakar',
  },
  {
    username: 'finance.conakry',
    role: 'finance',
    office: 'GN-CKY',
    country: 'GN',
    displayName: 'Finance officer, Conakry',
  },
  {
    username: 'finance2.conakry',
    role: 'finance',
    office: 'GN-CKY',
    country: 'GN',
    displayName: 'Second finance officer, Conakry (payments)',
  },
  {
    username: 'supervisor.conakry',
    role: 'supervisor',
    office: 'GN-CKY',
    country: 'GN',
    displayName: 'Programme manager, Conakry',
  },
  {
    username: 'counterpart.rabat-r',
    role: 'counterpart',
    office: 'MA-RBA-R',
    country: 'MA',
    displayName: 'Reintegration case manager for Moroccan returnees, Rabat',
  },
  {
    username: 'supervisor.rabat-r',
    role: 'supervisor',
    office: 'MA-RBA-R',
    country: 'MA',
    displayName: 'Reintegration programme manager, Rabat',
  },
  { username: 'operations', role: 'operations', office: null, country: null, displayName: 'Operations monitoring' },
  {
    username: 'operations.second',
    role: 'operations',
    office: null,
    country: null,
    displayName: 'Operations monitoring (second approver)',
  },
  {
    username: 'me.rabat',
    role: 'me',
    office: null,
    country: 'MA',
    displayName: 'Monitoring and evaluation officer, Rabat',
  },
  {
    username: 'dpo.rabat',
    role: 'dpo',
    office: null,
    country: 'MA',
    displayName: 'Data protection focal point, Rabat',
  },
  { username: 'admin', role: 'admin', office: null, country: null, displayName: 'System administrator' },
];

export const DEMO_PASSWORD = 'avrr-demo-2026';
