import { lazy } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { adminRoutes } from '../features/admin/routes';
import { counterpartRoutes } from '../features/counterpart/routes';
import { dataProtectionRoutes } from '../features/dataprotection/routes';
import { financeRoutes } from '../features/finance/routes';
import { incomingRoutes } from '../features/incoming/routes';
import { opsRoutes } from '../features/ops/routes';
import { retentionRoutes } from '../features/retention/routes';
import { reportsRoutes } from '../features/reports/routes';
import { NotificationsPage } from '../features/notifications/NotificationsPage';
import { ApprovalsPage, AssessmentsPage, MovementsPage, WorkQueuePage } from '../features/queue/queues';
import { SearchPage } from '../features/queue/SearchPage';
import { TasksPage } from '../features/tasks/TasksPage';
import { HomeRedirect } from './HomeRedirect';
import { NotFoundPage } from './NotFoundPage';

// The case page carries the generated forms and the OpenAPI schemas: loaded when first opened.
const CasePage = lazy(() => import('../features/case/CasePage'));
const NewCasePage = lazy(() => import('../features/case/NewCasePage'));

/** Every screen, as children of the app shell at /console. */
export const consoleRoutes: RouteObject[] = [
  { index: true, element: <HomeRedirect /> },
  { path: 'queue', element: <WorkQueuePage /> },
  { path: 'approvals', element: <ApprovalsPage /> },
  { path: 'assessments', element: <AssessmentsPage /> },
  { path: 'movements', element: <MovementsPage /> },
  { path: 'search', element: <SearchPage /> },
  { path: 'cases/new', element: <NewCasePage /> },
  { path: 'cases/:caseId', element: <CasePage /> },
  { path: 'notifications', element: <NotificationsPage /> },
  { path: 'tasks', element: <TasksPage /> },
  ...opsRoutes,
  ...retentionRoutes,
  ...financeRoutes,
  ...counterpartRoutes,
  ...incomingRoutes,
  ...adminRoutes,
  ...reportsRoutes,
  ...dataProtectionRoutes,
  { path: '*', element: <NotFoundPage /> },
];

export const rootRedirect: RouteObject = { path: '*', element: <Navigate to="/console" replace /> };
