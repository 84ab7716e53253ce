import { List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Requirement } from '../api/types';

/** A member's name as the case view gives it to this role, or nothing (the list then says "a member"). */
export type MemberNames = ReadonlyMap<string, string>;

/**
 * "Why can't I advance?" in words: each unmet requirement translated from its code, grouped per member, with the
 * member's name when the case view gave this role the name. A code the catalogue lacks is shown as the code.
 */
export function RequirementList({
  requirements,
  names,
}: {
  requirements: readonly Requirement[];
  names?: MemberNames;
}) {
  const { t } = useTranslation(['requirements', 'common']);
  if (!requirements.length) return null;
  const caseWide = requirements.filter((r) => !r.memberId);
  const perMember = new Map<string, Requirement[]>();
  for (const r of requirements) {
    if (!r.memberId) continue;
    perMember.set(r.memberId, [...(perMember.get(r.memberId) ?? []), r]);
  }
  const sentence = (r: Requirement) => t(`requirements:${baseCode(r.code)}`, { defaultValue: r.code });
  return (
    <List size="sm" spacing={4} data-testid="requirements">
      {caseWide.map((r, i) => (
        <List.Item key={`case-${r.code}-${i}`}>{sentence(r)}</List.Item>
      ))}
      {[...perMember.entries()].map(([memberId, reqs]) => (
        <List.Item key={memberId}>
          {t('common:pair', {
            label: names?.get(memberId) ?? t('common:case.aMember'),
            value: reqs.map(sentence).join(' · '),
          })}
        </List.Item>
      ))}
    </List>
  );
}

/** `DECLARATION_NOT_SIGNED:pa` (the journeys' shorthand) and `DECLARATION_NOT_SIGNED` share one message. */
function baseCode(code: string): string {
  return code.split(':')[0];
}
