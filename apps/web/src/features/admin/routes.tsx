import { lazy } from 'react';
import type { RouteObject } from 'react-router';

// Loaded when first opened: only the role that uses these screens downloads them.
const OfficeEditPage = lazy(() => import('./OfficeEditPage').then((m) => ({ default: m.OfficeEditPage })));
const OfficesPage = lazy(() => import('./OfficesPage').then((m) => ({ default: m.OfficesPage })));
const UserEditPage = lazy(() => import('./UserEditPage').then((m) => ({ default: m.UserEditPage })));
const RssWeightsPage = lazy(() => import('./RssWeightsPage').then((m) => ({ default: m.RssWeightsPage })));
const UsersPage = lazy(() => import('./UsersPage').then((m) => ({ default: m.UsersPage })));

/** Administration screens under /console/ (the API answers 403 to any role but admin anyway). */
export const adminRoutes: RouteObject[] = [
  { path: 'admin/users', element: <UsersPage /> },
  { path: 'admin/users/:userId', element: <UserEditPage /> },
  { path: 'admin/offices', element: <OfficesPage /> },
  { path: 'admin/offices/:code', element: <OfficeEditPage /> },
  { path: 'admin/rss-weights', element: <RssWeightsPage /> },
];
