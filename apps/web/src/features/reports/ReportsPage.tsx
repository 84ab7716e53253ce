import {
  Alert,
  Button,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { PageTitle } from '../../components/PageTitle';
import {
  type ExportFormat,
  type ReportParams,
  type ReportRow,
  type ReportTable,
  useDownload,
  useExports,
  useIndicators,
} from './api';
import { columnsFor, type Counting, INDICATOR_GROUPS, PERCENT_MEASURES, visibleFor } from './groups';

const today = () => new Date().toISOString().slice(0, 10);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function paramsFrom(search: URLSearchParams): ReportParams {
  const get = (k: string) => search.get(k) ?? undefined;
  const from = get('from');
  const to = get('to');
  return {
    from: from && DATE.test(from) ? from : `${today().slice(0, 4)}-01-01`,
    to: to && DATE.test(to) ? to : today(),
    ...(get('asOf') && DATE.test(get('asOf') as string) ? { asOf: get('asOf') } : {}),
    ...(get('office') ? { office: get('office') } : {}),
    ...(get('countryOfOrigin') ? { countryOfOrigin: get('countryOfOrigin') } : {}),
  };
}

/** The marker of a hidden cell; the legend explains it and screen readers read its label. */
function Suppressed() {
  const { t } = useTranslation('reports');
  return (
    <Text span c="dimmed" data-suppressed="true" title={t('legend.suppressed')}>
      <span aria-hidden="true">■</span>
      <VisuallyHidden>{t('cell.suppressed')}</VisuallyHidden>
    </Text>
  );
}

function useFormat() {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
    const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
    return { number: (v: number) => number.format(v), percent: (v: number) => percent.format(v) };
  }, [i18n.language]);
}

function Cell({ value, percent }: { value: number | null | undefined; percent?: boolean }) {
  const f = useFormat();
  if (value === null) return <Suppressed />;
  if (value === undefined) return <>—</>;
  return <>{percent ? f.percent(value) : f.number(value)}</>;
}

/** One indicator table: the rows of the breakdown, then the total; hidden cells marked. */
function IndicatorTable({ table, counting }: { table: ReportTable; counting: Counting }) {
  const { t } = useTranslation('reports');
  const shown = columnsFor(table.columns, counting);
  const rateNames = [...new Set([...table.rows, table.total].flatMap((r) => Object.keys(r.rates ?? {})))];
  const stats = table.kind === 'stats';
  const captionId = `report-${table.indicator}-${table.breakdown}`;
  const keyLabel = (key: string) =>
    key === 'TOTAL' ? t('total') : t(`keys.${key}`, { defaultValue: key.replace(/_/g, ' ') });
  const row = (r: ReportRow, isTotal: boolean) => (
    <Table.Tr key={r.key} fw={isTotal ? 600 : undefined}>
      <Table.Th scope="row">{keyLabel(r.key)}</Table.Th>
      {stats ? (
        <Table.Td>
          <Cell value={r.n} />
        </Table.Td>
      ) : null}
      {shown.map((i) => (
        <Table.Td key={table.columns[i]}>
          <Cell value={r.values[i]} percent={PERCENT_MEASURES.has(table.columns[i])} />
        </Table.Td>
      ))}
      {rateNames.map((name) => (
        <Table.Td key={name}>
          <Cell value={r.rates?.[name]} percent />
        </Table.Td>
      ))}
    </Table.Tr>
  );
  return (
    // A native scroll container, focusable, so that a table wider than the screen scrolls from the keyboard too.
    <Table.ScrollContainer minWidth={480} type="native" tabIndex={0} role="region" aria-labelledby={captionId}>
      <Table striped withTableBorder withColumnBorders aria-labelledby={captionId} data-indicator={table.indicator}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(`breakdowns.${table.breakdown}`, { defaultValue: table.breakdown })}</Table.Th>
            {stats ? <Table.Th>{t(`columns.n_${table.unit}`, { defaultValue: t('columns.n') })}</Table.Th> : null}
            {shown.map((i) => (
              <Table.Th key={table.columns[i]}>
                {t(`columns.${table.columns[i]}`, { defaultValue: table.columns[i] })}
              </Table.Th>
            ))}
            {rateNames.map((name) => (
              <Table.Th key={name}>{t(`rates.${name}`, { defaultValue: name })}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.rows.length ? null : (
            <Table.Tr>
              <Table.Td colSpan={shown.length + rateNames.length + (stats ? 2 : 1)}>
                <Text size="sm" c="dimmed">
                  {t('empty')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {table.rows.map((r) => row(r, false))}
          {row(table.total, true)}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * The M&E report (AVRR.md §12): the programme's indicators for a period and as of a date, per individual or per case,
 * by the chosen breakdown, with small cells and their complements shown as suppressed; CSV and XLSX exports and the
 * audit of reports and exports. Aggregates only: the API sends no case, name or identifier to this screen.
 */
export function ReportsPage() {
  const { t } = useTranslation('reports');
  const [search, setSearch] = useSearchParams();
  const params = paramsFrom(search);
  const [draft, setDraft] = useState<ReportParams>(params);
  const [counting, setCounting] = useState<Counting>('individuals');
  const [breakdown, setBreakdown] = useState<string>('');
  const indicators = useIndicators(params);
  const exports = useExports();
  const download = useDownload();

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(draft)) if (v) next.set(k, String(v));
    setSearch(next);
  };

  const tables = indicators.data?.tables ?? [];
  const breakdowns = [...new Set(tables.map((x) => x.breakdown))].sort();
  /** Of one indicator: the table by the chosen breakdown when it has one, else its first. */
  const pick = (indicator: string): ReportTable | undefined => {
    const mine = tables.filter((x) => x.indicator === indicator);
    return mine.find((x) => x.breakdown === breakdown) ?? mine[0];
  };
  const suppressedTotal = tables.reduce((s, x) => s + x.suppressed, 0);
  const set = (k: keyof ReportParams) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [k]: e.currentTarget.value.trim() || undefined });

  return (
    <Stack gap="md">
      <PageTitle text={t('title')} />
      <Text size="sm">{t('intro')}</Text>

      <Paper withBorder p="md" component="form" onSubmit={apply} aria-label={t('filters.label')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput type="date" label={t('filters.from')} value={draft.from} onChange={set('from')} required />
          <TextInput type="date" label={t('filters.to')} value={draft.to} onChange={set('to')} required />
          <TextInput
            type="date"
            label={t('filters.asOf')}
            description={t('filters.asOfHint')}
            value={draft.asOf ?? ''}
            onChange={set('asOf')}
          />
          <TextInput
            label={t('filters.office')}
            placeholder="MA-RBA"
            value={draft.office ?? ''}
            onChange={(e) => setDraft({ ...draft, office: e.currentTarget.value.trim().toUpperCase() || undefined })}
            w={120}
          />
          <TextInput
            label={t('filters.countryOfOrigin')}
            placeholder="GN"
            maxLength={2}
            value={draft.countryOfOrigin ?? ''}
            onChange={(e) =>
              setDraft({ ...draft, countryOfOrigin: e.currentTarget.value.trim().toUpperCase() || undefined })
            }
            w={110}
          />
          <Button color="blue.8" type="submit">
            {t('filters.apply')}
          </Button>
        </Group>
      </Paper>

      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Group align="flex-end" gap="md" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('counting.label')}
            </Text>
            <SegmentedControl
              value={counting}
              onChange={(v) => setCounting(v)}
              data={[
                { value: 'individuals', label: t('counting.individuals') },
                { value: 'cases', label: t('counting.cases') },
              ]}
            />
          </Stack>
          <NativeSelect
            label={t('breakdown.label')}
            value={breakdown}
            onChange={(e) => setBreakdown(e.currentTarget.value)}
            data={[
              { value: '', label: t('breakdown.default') },
              ...breakdowns.map((b) => ({ value: b, label: t(`breakdowns.${b}`, { defaultValue: b }) })),
            ]}
          />
        </Group>
        <Group gap="xs">
          {(['csv', 'xlsx'] as ExportFormat[]).map((format) => (
            <Button
              key={format}
              variant="default"
              loading={download.isPending && download.variables?.format === format}
              onClick={() => download.mutate({ params, format })}
            >
              {t(`download.${format}`)}
            </Button>
          ))}
        </Group>
      </Group>
      {download.error ? <ApiErrorAlert error={download.error} /> : null}
      {download.isSuccess ? (
        <Text size="sm" role="status">
          {t('download.done', { file: download.data })}
        </Text>
      ) : null}

      {indicators.error ? <ApiErrorAlert error={indicators.error} /> : null}
      {indicators.isPending ? <Loader aria-label={t('loading')} /> : null}
      {indicators.data ? (
        <>
          <Alert variant="light" color="gray" title={t('legend.title')} data-testid="report-legend">
            <Text size="sm">
              <span aria-hidden="true">■</span> {t('legend.text', { threshold: indicators.data.smallCellThreshold })}
            </Text>
            <Text size="sm" role="status">
              {t('summary', {
                from: indicators.data.filters.from,
                to: indicators.data.filters.to,
                asOf: indicators.data.filters.asOf,
                count: suppressedTotal,
              })}
            </Text>
          </Alert>
          {INDICATOR_GROUPS.map((group) => {
            const shown = group.indicators
              .filter((id) => visibleFor(id, counting))
              .map(pick)
              .filter((x): x is ReportTable => !!x);
            if (!shown.length) return null;
            return (
              <section key={group.id} aria-labelledby={`group-${group.id}`}>
                <Title order={2} size="h3" id={`group-${group.id}`} mb="xs">
                  {t(`groups.${group.id}`)}
                </Title>
                <Stack gap="sm">
                  {shown.map((table) => (
                    <Stack gap={4} key={table.indicator}>
                      <Title order={3} size="h5" id={`report-${table.indicator}-${table.breakdown}`}>
                        {t(`indicators.${table.indicator}`, { defaultValue: table.indicator })}{' '}
                        <Text span size="sm" c="dimmed" fw={400}>
                          {t('by', {
                            breakdown: t(`breakdowns.${table.breakdown}`, { defaultValue: table.breakdown }),
                            unit: t(`units.${table.unit}`),
                          })}
                        </Text>
                      </Title>
                      <IndicatorTable table={table} counting={counting} />
                    </Stack>
                  ))}
                </Stack>
              </section>
            );
          })}
        </>
      ) : null}

      <section aria-labelledby="report-exports">
        <Title order={2} size="h3" id="report-exports" mb="xs">
          {t('exports.title')}
        </Title>
        {exports.error ? <ApiErrorAlert error={exports.error} /> : null}
        {exports.data ? (
          exports.data.items.length ? (
            <Table striped withTableBorder data-testid="report-exports">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('exports.at')}</Table.Th>
                  <Table.Th>{t('exports.role')}</Table.Th>
                  <Table.Th>{t('exports.format')}</Table.Th>
                  <Table.Th>{t('exports.filters')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {exports.data.items.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Td>
                      <DateTime value={x.at} />
                    </Table.Td>
                    <Table.Td>{t(`roles.${x.role}`, { defaultValue: x.role })}</Table.Td>
                    <Table.Td>{x.format.toUpperCase()}</Table.Td>
                    <Table.Td>
                      <bdi dir="ltr">
                        {[
                          `${x.filters.from} → ${x.filters.to}`,
                          `${t('filters.asOf')} ${x.filters.asOf}`,
                          x.filters.office,
                          x.filters.countryOfOrigin,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </bdi>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text size="sm">{t('exports.none')}</Text>
          )
        ) : null}
      </section>
      <Text size="xs" c="dimmed">
        {indicators.data ? (
          <>
            {t('generatedAt')} <DateTime value={indicators.data.generatedAt} />
          </>
        ) : null}
      </Text>
    </Stack>
  );
}
