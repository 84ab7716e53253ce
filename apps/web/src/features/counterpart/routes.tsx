import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { CounterpartQueuePage } from './QueuePage';

// The case page carries the command panel (generated forms, OpenAPI schemas) and the plan and RSS forms: loaded when
// first opened, like the console's own case page.
const CounterpartCasePage = lazy(() => import('./CounterpartCasePage'));

/** Counterpart (country of origin) screens under /console/. */
export const counterpartRoutes: RouteObject[] = [
  { path: 'counterpart', element: <CounterpartQueuePage /> },
  { path: 'counterpart/cases/:caseId', element: <CounterpartCasePage /> },
];
