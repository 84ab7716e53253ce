import { lazy } from 'react';
import type { RouteObject } from 'react-router';

// Loaded when first opened: only the focal point downloads this screen.
const DataProtectionPage = lazy(() => import('./DataProtectionPage').then((m) => ({ default: m.DataProtectionPage })));

/** The data protection desk under /console/ (the API answers 403 to any role but dpo anyway). */
export const dataProtectionRoutes: RouteObject[] = [{ path: 'data-protection', element: <DataProtectionPage /> }];
