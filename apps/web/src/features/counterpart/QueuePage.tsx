import { Anchor, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Tag } from '../ops/ui';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { CaseList, CaseSummary } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { PageTitle } from '../../components/PageTitle';
import { useAwaitingMine } from '../finance/api';

function awaitingOf(c: CaseSummary): string[] {
  return (c.awaiting ?? []).map((a) => (typeof a === 'string' ? a : String((a as { type?: string }).type ?? '')));
}

function CaseRows({ rows, showAwaiting }: { rows: CaseSummary[]; showAwaiting: boolean }) {
  const { t } = useTranslation('counterpart');
  return (
    <Table withTableBorder striped highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('queue.reference')}</Table.Th>
          <Table.Th>{t('queue.stage')}</Table.Th>
          <Table.Th>{t('queue.inStageSince')}</Table.Th>
          <Table.Th>{t('queue.nextDeadline')}</Table.Th>
          {showAwaiting ? <Table.Th>{t('queue.awaiting')}</Table.Th> : null}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((c) => (
          <Table.Tr key={c.caseId}>
            <Table.Td>
              <Anchor c="blue.8" component={Link} to={`/console/counterpart/cases/${c.caseId}`}>
                {c.reference}
              </Anchor>
              {c.principalName ? <Text size="xs">{c.principalName}</Text> : null}
            </Table.Td>
            <Table.Td>{t(`stages:${c.stage}`, { defaultValue: c.stage })}</Table.Td>
            <Table.Td>
              <DateTime value={c.stageEnteredAt} />
            </Table.Td>
            <Table.Td>
              {c.nextDeadline ? (
                <>
                  {t(`common:queue.deadlines.${c.nextDeadline.kind}`, { defaultValue: c.nextDeadline.kind })} ·{' '}
                  <DateTime value={c.nextDeadline.dueAt} />
                </>
              ) : (
                '—'
              )}
            </Table.Td>
            {showAwaiting ? (
              <Table.Td>
                {awaitingOf(c)
                  .map((a) => t(`commands:types.${a}`, { defaultValue: a }))
                  .join(', ')}
              </Table.Td>
            ) : null}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * The counterpart's work: handovers to acknowledge and the other cases waiting for them (GET /cases?awaiting=mine),
 * then every case of their receiving office in reintegration (GET /cases, scoped by the API).
 */
export function CounterpartQueuePage() {
  const { t } = useTranslation('counterpart');
  const awaiting = useAwaitingMine();
  const all = useQuery({
    queryKey: ['cases', 'office'],
    queryFn: () => unwrap<CaseList>(api.GET('/cases', { params: { query: { limit: 100 } } })),
  });
  const items = awaiting.data?.items ?? [];
  const handovers = items.filter((c) => awaitingOf(c).includes('AcknowledgeHandover'));
  const others = items.filter((c) => !awaitingOf(c).includes('AcknowledgeHandover'));

  return (
    <Stack gap="md">
      <PageTitle text={t('queue.title')} />
      {awaiting.error ? <ApiErrorAlert error={awaiting.error} /> : null}
      {awaiting.isPending ? <Loader aria-label={t('loading')} /> : null}
      {awaiting.data ? (
        <>
          <section aria-labelledby="cp-handovers">
            <Group gap="xs" mb="xs">
              <Title order={2} size="h4" id="cp-handovers">
                {t('queue.handovers')}
              </Title>
              <Tag variant="light">{handovers.length}</Tag>
            </Group>
            {handovers.length ? (
              <CaseRows rows={handovers} showAwaiting={false} />
            ) : (
              <Text c="gray.7">{t('queue.empty')}</Text>
            )}
          </section>
          <section aria-labelledby="cp-waiting">
            <Group gap="xs" mb="xs">
              <Title order={2} size="h4" id="cp-waiting">
                {t('queue.waiting')}
              </Title>
              <Tag variant="light">{others.length}</Tag>
            </Group>
            {others.length ? <CaseRows rows={others} showAwaiting /> : <Text c="gray.7">{t('queue.empty')}</Text>}
          </section>
        </>
      ) : null}
      <section aria-labelledby="cp-all">
        <Title order={2} size="h4" id="cp-all" mb="xs">
          {t('queue.all')}
        </Title>
        {all.error ? <ApiErrorAlert error={all.error} /> : null}
        {all.isPending ? <Loader aria-label={t('loading')} /> : null}
        {all.data?.items.length ? (
          <CaseRows rows={all.data.items} showAwaiting={false} />
        ) : all.data ? (
          <Text c="gray.7">{t('queue.empty')}</Text>
        ) : null}
      </section>
    </Stack>
  );
}
