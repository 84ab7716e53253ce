import { Anchor, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Notice } from './ui';
import { Link } from 'react-router';
import type { OpsActionView } from './types';

const COLOR: Record<string, string> = {
  PENDING_APPROVAL: 'yellow',
  EXECUTED: 'green',
  PARTIAL: 'orange',
  FAILED: 'red',
  REJECTED: 'gray',
};

/** What an action came to: held for a second user, or run, with each case's outcome. */
export function ActionResult({ result }: { result: OpsActionView }) {
  const { t } = useTranslation('ops');
  return (
    <Notice color={COLOR[result.status] ?? 'blue'} title={t(`status.${result.status}`)} role="status">
      <Text size="sm">{t(`statusHelp.${result.status}`, { action: t(`action.name.${result.action}`) })}</Text>
      {result.status === 'PENDING_APPROVAL' ? (
        <Anchor c="blue.8" component={Link} to="/console/ops/approvals" size="sm">
          {t('nav.approvals')}
        </Anchor>
      ) : null}
      {result.result?.length ? (
        <List size="sm" mt="xs">
          {result.result.map((r) => (
            <List.Item key={r.caseId}>
              {t(`outcome.${r.outcome}`)} · <code dir="ltr">{r.caseId.slice(0, 8)}</code>
              {r.outcome === 'FAILED' && typeof r.detail.error === 'string' ? (
                <Text span size="xs" c="gray.7" lang="en">
                  {' '}
                  ({r.detail.error})
                </Text>
              ) : null}
              {typeof r.detail.activitiesReset === 'number' ? (
                <Text span size="xs">
                  {' '}
                  · {t('outcome.activitiesReset', { n: r.detail.activitiesReset })}
                </Text>
              ) : null}
            </List.Item>
          ))}
        </List>
      ) : null}
    </Notice>
  );
}
