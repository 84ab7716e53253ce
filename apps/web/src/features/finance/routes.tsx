import type { RouteObject } from 'react-router';
import { FinanceCasePage } from './FinanceCasePage';
import { FinanceQueuePage } from './QueuePage';

/** Finance screens under /console/. */
export const financeRoutes: RouteObject[] = [
  { path: 'finance', element: <FinanceQueuePage /> },
  { path: 'finance/cases/:caseId', element: <FinanceCasePage /> },
];
