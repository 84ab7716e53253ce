import { lazy } from 'react';
import type { RouteObject } from 'react-router';

// Loaded when first opened: only the role that uses these screens downloads them.
const FinanceCasePage = lazy(() => import('./FinanceCasePage').then((m) => ({ default: m.FinanceCasePage })));
const FinanceQueuePage = lazy(() => import('./QueuePage').then((m) => ({ default: m.FinanceQueuePage })));

/** Finance screens under /console/. */
export const financeRoutes: RouteObject[] = [
  { path: 'finance', element: <FinanceQueuePage /> },
  { path: 'finance/cases/:caseId', element: <FinanceCasePage /> },
];
