import type { RouteObject } from 'react-router';
import { IncomingPage } from './IncomingPage';

/** The receiving office's incoming returnees under /console/. */
export const incomingRoutes: RouteObject[] = [{ path: 'incoming', element: <IncomingPage /> }];
