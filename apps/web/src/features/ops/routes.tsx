import type { RouteObject } from 'react-router';
import { ApprovalsPage } from './ApprovalsPage';
import { CaseDiagnosticPage } from './CaseDiagnosticPage';
import { StuckPage } from './StuckPage';

/** Operations screens under /console/ (the shell checks the role; the API answers 403 to anyone else anyway). */
export const opsRoutes: RouteObject[] = [
  { path: 'ops', element: <StuckPage /> },
  // The navigation's address: distinct from ops/approvals, so one entry is marked current at a time.
  { path: 'ops/stuck', element: <StuckPage /> },
  { path: 'ops/cases/:caseId', element: <CaseDiagnosticPage /> },
  { path: 'ops/approvals', element: <ApprovalsPage /> },
];
