import type { Role } from '@avrr/domain';

/** The authenticated caller, from the JWT. */
export interface StaffUser {
  id: string;
  username: string;
  role: Role;
  office: string | null;
  country: string | null;
}
