import { lazy } from 'react';
import type { RouteObject } from 'react-router';

// Loaded when first opened: only the role that uses these screens downloads them.
const ApprovalsPage = lazy(() => import('./ApprovalsPage').then((m) => ({ default: m.ApprovalsPage })));
const CaseDiagnosticPage = lazy(() => import('./CaseDiagnosticPage').then((m) => ({ default: m.CaseDiagnosticPage })));
const StuckPage = lazy(() => import('./StuckPage').then((m) => ({ default: m.StuckPage })));

/** Operations screens under /console/ (the shell checks the role; the API answers 403 to anyone else anyway). */
export const opsRoutes: RouteObject[] = [
  { path: 'ops', element: <StuckPage /> },
  // The navigation's address: distinct from ops/approvals, so one entry is marked current at a time.
  { path: 'ops/stuck', element: <StuckPage /> },
  { path: 'ops/cases/:caseId', element: <CaseDiagnosticPage /> },
  { path: 'ops/approvals', element: <ApprovalsPage /> },
];
