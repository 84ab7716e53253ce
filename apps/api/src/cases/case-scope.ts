import { StaffUser } from '@avrr/auth';
import type { CaseScope } from '@avrr/persistence';

/**
 * Which cases a user may see: host staff their office's cases; counterparts and finance officers the cases handed to
 * their office (from the arrival on: the repository's receiving-office scope); a supervisor both, since programme
 * managers sit in host and in receiving offices; operations every case (D0 only, shaped by the response). Admins see
 * no case content. A case outside the scope answers 404, as if it did not exist.
 */
export function scopeOf(user: StaffUser): CaseScope {
  switch (user.role) {
    case 'operations':
      return user.office ? { hostOffice: user.office, receivingOffice: user.office } : { all: true };
    case 'counterpart':
    case 'finance':
      return { receivingOffice: user.office ?? undefined };
    case 'supervisor':
      return { hostOffice: user.office ?? undefined, receivingOffice: user.office ?? undefined };
    case 'admin':
    case 'me': // M&E reads aggregates (GET /reports) only: every case answers 404
    case 'dpo': // the focal point reads case data only through the data-protection endpoints (audited)
    case 'system':
      return {};
    default:
      return { hostOffice: user.office ?? undefined };
  }
}
