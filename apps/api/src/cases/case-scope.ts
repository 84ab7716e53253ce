import { StaffUser } from '@avrr/auth';
import type { CaseScope } from '@avrr/persistence';

/**
 * Which cases a user may see: host staff their office's cases; counterparts the cases handed to their office;
 * operations every case (D0 only, shaped by the response). Admins see no case content.
 */
export function scopeOf(user: StaffUser): CaseScope {
  switch (user.role) {
    case 'operations': return user.office ? { hostOffice: user.office, receivingOffice: user.office } : { all: true };
    case 'counterpart': case 'finance': return { receivingOffice: user.office ?? undefined };
    case 'admin': case 'system': return {};
    default: return { hostOffice: user.office ?? undefined };
  }
}
