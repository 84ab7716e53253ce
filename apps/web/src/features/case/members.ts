import type { CaseView, MemberView } from '../../api/types';
import type { MemberOption } from './command-form-types';

/** A member's name as the API gave it to this role, or null when it did not. */
export function memberName(m: MemberView): string | null {
  const p = m.personal;
  const name = [p?.givenName, p?.familyName].filter(Boolean).join(' ');
  return name || null;
}

/** Names for requirement lists and member pickers; members without a visible name get "Member n". */
export function memberOptions(view: CaseView | undefined, fallback: (n: number) => string): MemberOption[] {
  return (view?.members ?? []).map((m, i) => ({ memberId: m.memberId, label: memberName(m) ?? fallback(i + 1) }));
}
