import type { RouteObject } from 'react-router';
import { OfficeEditPage } from './OfficeEditPage';
import { OfficesPage } from './OfficesPage';
import { UserEditPage } from './UserEditPage';
import { UsersPage } from './UsersPage';

/** Administration screens under /console/ (the API answers 403 to any role but admin anyway). */
export const adminRoutes: RouteObject[] = [
  { path: 'admin/users', element: <UsersPage /> },
  { path: 'admin/users/:userId', element: <UserEditPage /> },
  { path: 'admin/offices', element: <OfficesPage /> },
  { path: 'admin/offices/:code', element: <OfficeEditPage /> },
];
