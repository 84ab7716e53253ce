import { createContext } from 'react';

/** Set by the app shell from the session; undefined formats in the browser's zone. */
export const SessionZoneContext = createContext<string | undefined>(undefined);
