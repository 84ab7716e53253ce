import { Badge, Button, Group, Loader, Progress, Stack, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { PageTitle } from '../../components/PageTitle';
import { useRetentionRuns, useRetentionSchedule, useStartRetentionRun, type RetentionRun } from './api';

const CATEGORIES = ['IDENTITY_CONTACT', 'CASE_MANAGEMENT', 'SPECIAL_CATEGORY', 'BIOMETRICS', 'FINANCIAL'] as const;
const STATUS_COLOR: Record<string, string> = { QUEUED: 'gray', RUNNING: 'blue', DONE: 'green', FAILED: 'red' };

/** Whole days when the period is a number of days, else seconds (test configurations). */
function period(seconds: number, t: TFunction<'retention'>): string {
  if (seconds % (365 * 86400) === 0 && seconds > 0) return t('years', { count: seconds / (365 * 86400) });
  if (seconds % 86400 === 0 && seconds > 0) return t('days', { count: seconds / 86400 });
  return t('seconds', { count: seconds });
}

function RunReport({ run }: { run: RetentionRun }) {
  const { t } = useTranslation('retention');
  const percent = run.total ? Math.round((run.processed / run.total) * 100) : run.status === 'DONE' ? 100 : 0;
  const stores = Object.entries(run.stores);
  return (
    <Stack gap="xs" aria-label={t('report.title')}>
      <Group gap="sm">
        <Badge color={STATUS_COLOR[run.status] ?? 'gray'}>{t(`status.${run.status}`)}</Badge>
        <Text size="sm">{run.dryRun ? t('report.dry') : t('report.real')}</Text>
        <Text size="sm" c="gray.7">
          <DateTime value={run.createdAt} />
        </Text>
      </Group>
      <Progress value={percent} aria-label={t('report.progress', { processed: run.processed, total: run.total })} />
      <Text size="sm">{t('report.progress', { processed: run.processed, total: run.total })}</Text>
      <Table withTableBorder striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('category.label')}</Table.Th>
            <Table.Th>{run.dryRun ? t('report.due') : t('report.erased')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {CATEGORIES.map((c) => (
            <Table.Tr key={c}>
              <Table.Td>{t(`category.${c}`)}</Table.Td>
              <Table.Td>{run.counts[c] ?? 0}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm">{t('report.anonymised', { count: run.anonymised })}</Text>
      {stores.length ? (
        <Text size="sm">
          {t('report.stores')}{' '}
          {stores.map(([store, n]) => (
            <code key={store} dir="ltr" style={{ marginInlineEnd: '0.75rem' }}>
              {store}: {n}
            </code>
          ))}
        </Text>
      ) : null}
      {run.error ? <Text c="red.8">{t('report.failed')}</Text> : null}
    </Stack>
  );
}

/**
 * Retention: the periods per data category, a dry run (what would be erased, counted per category, no case named),
 * a real run, and the progress and report of the latest runs. For operations and supervisors (the API decides).
 */
export function RetentionPage() {
  const { t } = useTranslation('retention');
  const schedule = useRetentionSchedule();
  const runs = useRetentionRuns();
  const start = useStartRetentionRun();
  const latest = runs.data?.runs[0];
  const busy = latest?.status === 'QUEUED' || latest?.status === 'RUNNING';

  return (
    <Stack gap="md">
      <PageTitle text={t('title')} />
      <Text size="sm">{t('help')}</Text>
      <section aria-labelledby="retention-schedule">
        <Title order={2} size="h4" id="retention-schedule" mb="xs">
          {t('schedule.title')}
        </Title>
        {schedule.error ? <ApiErrorAlert error={schedule.error} /> : null}
        {schedule.isPending ? <Loader aria-label={t('loading')} /> : null}
        {schedule.data ? (
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('category.label')}</Table.Th>
                <Table.Th>{t('schedule.period')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {schedule.data.periods.map((p) => (
                <Table.Tr key={p.category}>
                  <Table.Td>{t(`category.${p.category}`)}</Table.Td>
                  <Table.Td>{period(p.seconds, t)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </section>
      <Group>
        <Button onClick={() => start.mutate(true)} loading={start.isPending} disabled={busy}>
          {t('run.dry')}
        </Button>
        <Button color="red.8" variant="outline" onClick={() => start.mutate(false)} disabled={busy || start.isPending}>
          {t('run.real')}
        </Button>
      </Group>
      {start.error ? <ApiErrorAlert error={start.error} /> : null}
      <section aria-labelledby="retention-runs">
        <Title order={2} size="h4" id="retention-runs" mb="xs">
          {t('runs.title')}
        </Title>
        {runs.error ? <ApiErrorAlert error={runs.error} /> : null}
        {runs.data && !runs.data.runs.length ? <Text c="gray.7">{t('runs.none')}</Text> : null}
        {latest ? <RunReport run={latest} /> : null}
        {runs.data && runs.data.runs.length > 1 ? (
          <Table withTableBorder striped mt="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('runs.when')}</Table.Th>
                <Table.Th>{t('runs.kind')}</Table.Th>
                <Table.Th>{t('runs.status')}</Table.Th>
                <Table.Th>{t('runs.cases')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data.runs.slice(1).map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <DateTime value={r.createdAt} />
                  </Table.Td>
                  <Table.Td>{r.dryRun ? t('report.dry') : t('report.real')}</Table.Td>
                  <Table.Td>{t(`status.${r.status}`)}</Table.Td>
                  <Table.Td>{r.total}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </section>
    </Stack>
  );
}
