import { Anchor, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Tag } from '../ops/ui';
import { Link } from 'react-router';
import type { CaseSummary } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { PageTitle } from '../../components/PageTitle';
import { useAwaitingMine } from './api';

const SECTIONS = [
  { command: 'ApproveTranche', key: 'toApprove' },
  { command: 'RecordTranchePayment', key: 'toPay' },
] as const;

/** What a queue item waits for: the API's items[].awaiting (command types open to this user on the case). */
function awaitingOf(c: CaseSummary): string[] {
  return (c.awaiting ?? []).map((a) => (typeof a === 'string' ? a : String((a as { type?: string }).type ?? '')));
}

/** Finance's work: the tranches to approve and to pay, from GET /cases?awaiting=mine, each case opening its tranches. */
export function FinanceQueuePage() {
  const { t } = useTranslation('finance');
  const queue = useAwaitingMine();
  const items = queue.data?.items ?? [];

  return (
    <Stack gap="md">
      <PageTitle text={t('queue.title')} />
      <Text size="sm">{t('queue.help')}</Text>
      {queue.error ? <ApiErrorAlert error={queue.error} /> : null}
      {queue.isPending ? <Loader aria-label={t('loading')} /> : null}
      {queue.data
        ? SECTIONS.map((s) => {
            const rows = items.filter((c) => awaitingOf(c).includes(s.command));
            return (
              <section key={s.key} aria-labelledby={`fin-${s.key}`}>
                <Group gap="xs" mb="xs">
                  <Title order={2} size="h4" id={`fin-${s.key}`}>
                    {t(`queue.${s.key}`)}
                  </Title>
                  <Tag variant="light">{rows.length}</Tag>
                </Group>
                {rows.length ? (
                  <Table withTableBorder striped highlightOnHover>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('queue.reference')}</Table.Th>
                        <Table.Th>{t('queue.stage')}</Table.Th>
                        <Table.Th>{t('queue.office')}</Table.Th>
                        <Table.Th>{t('queue.updated')}</Table.Th>
                        <Table.Th>{t('queue.awaiting')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((c) => (
                        <Table.Tr key={c.caseId}>
                          <Table.Td>
                            <Anchor c="blue.8" component={Link} to={`/console/finance/cases/${c.caseId}`}>
                              {c.reference}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>{t(`stages:${c.stage}`, { defaultValue: c.stage })}</Table.Td>
                          <Table.Td>{c.receivingOffice ?? c.hostOffice ?? '—'}</Table.Td>
                          <Table.Td>
                            <DateTime value={c.updatedAt} />
                          </Table.Td>
                          <Table.Td>
                            {awaitingOf(c)
                              .map((a) => t(`commands:types.${a}`, { defaultValue: a }))
                              .join(', ')}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                ) : (
                  <Text c="gray.7">{t('queue.empty')}</Text>
                )}
              </section>
            );
          })
        : null}
    </Stack>
  );
}
