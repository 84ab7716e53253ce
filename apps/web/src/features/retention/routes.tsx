import { lazy } from 'react';
import type { RouteObject } from 'react-router';

const RetentionPage = lazy(() => import('./RetentionPage').then((m) => ({ default: m.RetentionPage })));

/** The retention screen (operations, supervisors; the API answers 403 to anyone else). */
export const retentionRoutes: RouteObject[] = [{ path: 'retention', element: <RetentionPage /> }];
