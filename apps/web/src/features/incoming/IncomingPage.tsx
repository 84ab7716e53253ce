import { Anchor, Badge, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageTitle } from '../../components/PageTitle';

type IncomingCase = components['schemas']['IncomingCaseResponse'];
type IncomingList = components['schemas']['IncomingListResponse'];

const NEEDS = ['medical', 'uasc', 'protection', 'vulnerable', 'escortRequired'] as const;

function Needs({ item }: { item: IncomingCase }) {
  const { t } = useTranslation('incoming');
  if (!item.needsShared || !item.needs) return <Text size="sm">{t('needs.notShared')}</Text>;
  const needs = item.needs;
  const shown = NEEDS.filter((n) => needs[n]);
  if (!shown.length) return <Text size="sm">{t('needs.none')}</Text>;
  return (
    <Group gap={4}>
      {shown.map((n) => (
        <Badge key={n} variant="light" color="grape">
          {t(`needs.${n}`)}
        </Badge>
      ))}
    </Group>
  );
}

/**
 * The returnees the counterpart's receiving office expects (GET /cases/incoming): booked or departed, soonest
 * departure first, with the expected dates, the flight, how many travel and the needs the returnee agreed to share.
 * The arrival and reception are recorded from the case page.
 */
export function IncomingPage() {
  const { t } = useTranslation('incoming');
  const list = useQuery({
    queryKey: ['cases', 'incoming'],
    queryFn: () => unwrap<IncomingList>(api.GET('/cases/incoming', { params: { query: { limit: 200 } } })),
  });
  return (
    <Stack gap="md">
      <PageTitle text={t('title')} />
      <Text c="gray.7">{t('intro')}</Text>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      {list.isPending ? <Loader aria-label={t('loading')} /> : null}
      {list.data && !list.data.items.length ? <Text c="gray.7">{t('empty')}</Text> : null}
      {list.data?.items.length ? (
        <Table withTableBorder striped highlightOnHover data-testid="incoming-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('columns.reference')}</Table.Th>
              <Table.Th>{t('columns.status')}</Table.Th>
              <Table.Th>{t('columns.expectedArrival')}</Table.Th>
              <Table.Th>{t('columns.flight')}</Table.Th>
              <Table.Th>{t('columns.travellers')}</Table.Th>
              <Table.Th>{t('columns.needs')}</Table.Th>
              <Table.Th>{t('columns.from')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((c) => (
              <Table.Tr key={c.caseId}>
                <Table.Td>
                  <Anchor c="blue.8" component={Link} to={`/console/counterpart/cases/${c.caseId}`}>
                    {c.reference}
                  </Anchor>
                </Table.Td>
                <Table.Td>{t(`status.${c.stage}`, { defaultValue: c.stage })}</Table.Td>
                <Table.Td>
                  {c.expectedArrivalDate ?? '—'}
                  {c.expectedDepartureDate && c.expectedDepartureDate !== c.expectedArrivalDate ? (
                    <Text size="xs">{t('departs', { date: c.expectedDepartureDate })}</Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{c.itineraryRef ?? '—'}</Table.Td>
                <Table.Td>
                  {t('travellers', { count: c.travellerCount, adults: c.adultCount, children: c.childCount })}
                  {c.escortOnItinerary ? <Text size="xs">{t('escort')}</Text> : null}
                </Table.Td>
                <Table.Td>
                  <Needs item={c} />
                </Table.Td>
                <Table.Td>{c.hostOffice}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
}
