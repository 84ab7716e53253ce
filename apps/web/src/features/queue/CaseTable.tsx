import { Anchor, Badge, Button, Group, Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseSummary } from '../../api/types';
import { ApiErrorAlert, DateTime } from '../../components';
import type { useCaseList } from './api';

const SLA_COLORS: Record<string, string> = {
  OK: 'green',
  ON_TRACK: 'green',
  AT_RISK: 'orange',
  DUE_SOON: 'orange',
  BREACHED: 'red',
  OVERDUE: 'red',
};

function reminderCount(r: CaseSummary['dueReminders']): number {
  return Array.isArray(r) ? r.length : (r ?? 0);
}

/**
 * A list of cases with what the API tells about each: stage, days in stage, SLA state, next deadline, due
 * reminders, what it awaits. A column the API does not fill for this role shows a dash.
 */
export function CaseTable({
  list,
  filter,
  caption,
}: {
  list: ReturnType<typeof useCaseList>;
  filter?: (c: CaseSummary) => boolean;
  caption: string;
}) {
  const { t } = useTranslation(['common', 'stages', 'commands']);
  if (list.isPending && list.fetchStatus !== 'idle') return <Loader aria-label={t('loading')} />;
  if (list.error) return <ApiErrorAlert error={list.error} />;
  const items = (list.data?.pages ?? []).flatMap((p) => p.items).filter(filter ?? (() => true));
  if (list.data && !items.length) return <Text>{t('queue.empty')}</Text>;
  if (!list.data) return null;
  return (
    <>
      <Table.ScrollContainer minWidth={800}>
        <Table striped highlightOnHover>
          <caption style={{ textAlign: 'start', captionSide: 'top' }}>{caption}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('queue.reference')}</Table.Th>
              <Table.Th>{t('queue.stage')}</Table.Th>
              <Table.Th>{t('queue.daysInStage')}</Table.Th>
              <Table.Th>{t('queue.sla')}</Table.Th>
              <Table.Th>{t('queue.nextDeadline')}</Table.Th>
              <Table.Th>{t('queue.dueReminders')}</Table.Th>
              <Table.Th>{t('queue.awaiting')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.caseId}>
                <Table.Td>
                  <Anchor component={Link} to={`/console/cases/${c.caseId}`}>
                    <bdi>{c.reference}</bdi>
                  </Anchor>
                  {c.principalName && (
                    <Text size="xs" c="dimmed">
                      {c.principalName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{t(`stages:${c.stage}`, { defaultValue: c.stage })}</Table.Td>
                <Table.Td>{c.daysInStage ?? '—'}</Table.Td>
                <Table.Td>
                  {c.slaState ? (
                    <Badge color={SLA_COLORS[c.slaState] ?? 'gray'} variant="light">
                      {t(`queue.slaStates.${c.slaState}`, { defaultValue: c.slaState })}
                    </Badge>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  {c.nextDeadline ? (
                    <>
                      {t(`queue.deadlines.${c.nextDeadline.kind}`, { defaultValue: c.nextDeadline.kind })}
                      {' · '}
                      <DateTime value={c.nextDeadline.dueAt} />
                    </>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>{c.dueReminders === undefined ? '—' : reminderCount(c.dueReminders)}</Table.Td>
                <Table.Td>
                  {(c.awaiting ?? []).map((a) => t(`commands:types.${a}`, { defaultValue: a })).join(', ') || '—'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.hasNextPage && (
        <Group mt="sm">
          <Button variant="light" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('queue.more')}
          </Button>
        </Group>
      )}
    </>
  );
}
