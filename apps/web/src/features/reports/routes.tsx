import { lazy } from 'react';
import type { RouteObject } from 'react-router';

// Loaded when first opened: only the roles that read reports download this screen.
const ReportsPage = lazy(() => import('./ReportsPage').then((m) => ({ default: m.ReportsPage })));

/** The M&E report screen under /console/ (the API answers 403 to any role the disclosure policy keeps out). */
export const reportsRoutes: RouteObject[] = [{ path: 'reports', element: <ReportsPage /> }];
