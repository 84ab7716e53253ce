/**
 * The navigation of the app shell, per role. Which screens a role has is a convenience of the console; what each
 * screen shows is what the API gives that role. Features add their entries here (one row per screen).
 */
export interface NavEntry {
  /** Path under /console. */
  to: string;
  /** i18next key with its namespace, e.g. 'common:nav.queue'. */
  labelKey: string;
  roles: readonly string[];
}

const CASEWORK = ['officer', 'supervisor'];

export const NAVIGATION: NavEntry[] = [
  // Counterpart, finance and operations (features/counterpart, finance, ops): each role's own work list first.
  { to: '/console/counterpart', labelKey: 'counterpart:nav.queue', roles: ['counterpart'] },
  { to: '/console/incoming', labelKey: 'incoming:nav', roles: ['counterpart'] },
  { to: '/console/finance', labelKey: 'finance:nav.queue', roles: ['finance'] },
  { to: '/console/ops/stuck', labelKey: 'ops:nav.stuck', roles: ['operations'] },
  { to: '/console/ops/approvals', labelKey: 'ops:nav.approvals', roles: ['operations'] },
  { to: '/console/data-protection', labelKey: 'dataprotection:nav.desk', roles: ['dpo'] },
  { to: '/console/admin/users', labelKey: 'admin:nav.users', roles: ['admin'] },
  { to: '/console/admin/offices', labelKey: 'admin:nav.offices', roles: ['admin'] },
  { to: '/console/admin/rss-weights', labelKey: 'admin:nav.rssWeights', roles: ['admin'] },
  // The M&E report (features/reports): the roles the disclosure policy lets read aggregated reports.
  { to: '/console/reports', labelKey: 'reports:nav.reports', roles: ['me'] },
  { to: '/console/queue', labelKey: 'common:nav.queue', roles: [...CASEWORK, 'protection', 'medical', 'movement'] },
  { to: '/console/approvals', labelKey: 'common:nav.approvals', roles: ['supervisor'] },
  { to: '/console/assessments', labelKey: 'common:nav.assessments', roles: ['protection', 'medical'] },
  { to: '/console/movements', labelKey: 'common:nav.movements', roles: ['movement'] },
  {
    to: '/console/search',
    labelKey: 'common:nav.search',
    roles: [...CASEWORK, 'protection', 'medical', 'movement', 'counterpart'],
  },
  { to: '/console/cases/new', labelKey: 'common:nav.newCase', roles: CASEWORK },
  // Retention (features/retention): the roles of RETENTION_ACCESS in libs/domain disclosure.ts.
  { to: '/console/retention', labelKey: 'retention:nav.retention', roles: ['operations', 'supervisor', 'dpo'] },
  {
    to: '/console/tasks',
    labelKey: 'tasks:nav.tasks',
    roles: [...CASEWORK, 'protection', 'medical', 'movement', 'counterpart', 'operations'],
  },
  {
    to: '/console/notifications',
    labelKey: 'common:nav.notifications',
    roles: [...CASEWORK, 'protection', 'medical', 'movement', 'counterpart', 'finance', 'operations', 'admin'],
  },
];

export function navigationFor(role: string): NavEntry[] {
  return NAVIGATION.filter((e) => e.roles.includes(role));
}

/** Where a role lands after sign-in: its first entry. */
export function homeOf(role: string): string {
  return navigationFor(role)[0]?.to ?? '/console/notifications';
}
