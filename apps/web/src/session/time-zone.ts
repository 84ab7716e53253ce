import { useContext } from 'react';
import { SessionZoneContext } from './zone-context';

/**
 * The IANA time zone dates are shown in: the user's office's zone when the API gives it (session.user.timeZone),
 * else the browser's.
 */
export function useOfficeTimeZone(): string | undefined {
  return useContext(SessionZoneContext);
}
