import {
  Anchor,
  Button,
  Group,
  Loader,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Tag } from './ui';
import { Link, useSearchParams } from 'react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { PageTitle } from '../../components/PageTitle';
import { useScan, useStuck } from './api';
import { BulkActionPanel } from './BulkActionPanel';
import { EngineHealthBanner } from './EngineHealthBanner';
import { compact, formatAge } from './format';
import { OpsNav } from './OpsNav';
import { STAGE_CODES } from './stages';
import { STUCK_KINDS, STUCK_REASONS, type StuckFilter, type StuckKind } from './types';

function filterFrom(params: URLSearchParams): StuckFilter {
  const f: StuckFilter = {};
  const kind = params.get('kind');
  if (kind === 'BUSINESS' || kind === 'TECHNICAL') f.kind = kind;
  for (const k of ['reason', 'stage', 'office', 'country'] as const) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  const age = Number(params.get('minAgeHours'));
  if (params.get('minAgeHours') && Number.isFinite(age) && age >= 0) f.minAgeHours = age;
  return f;
}

/**
 * Stuck cases, business (SLAs) and technical (Temporal), with the API's filters and counts by group; the filter lives
 * in the URL so a link shows the same list. References only: the API sends no names to operations.
 */
export function StuckPage() {
  const { t, i18n } = useTranslation('ops');
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const stuck = useStuck(filter);
  const scan = useScan();
  const [draft, setDraft] = useState<StuckFilter>(filter);

  const apply = (f: StuckFilter) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(compact(f))) next.set(k, String(v));
    setParams(next);
    setDraft(f);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };

  return (
    <Stack gap="md">
      <OpsNav />
      <Group justify="space-between">
        <PageTitle text={t('stuck.title')} />
        <Group gap="xs">
          <Button variant="default" onClick={() => scan.mutate()} loading={scan.isPending}>
            {t('stuck.scanNow')}
          </Button>
        </Group>
      </Group>
      {scan.isSuccess ? (
        <Text size="sm" role="status">
          {t('stuck.scanQueued')}
        </Text>
      ) : null}
      {scan.error ? <ApiErrorAlert error={scan.error} /> : null}
      {stuck.data ? <EngineHealthBanner engine={stuck.data.engine} /> : null}

      <Paper withBorder p="md" component="form" onSubmit={onSubmit} aria-label={t('stuck.filters')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <NativeSelect
            label={t('filter.kind')}
            value={draft.kind ?? ''}
            onChange={(e) =>
              setDraft({ ...draft, kind: (e.currentTarget.value || undefined) as StuckKind | undefined })
            }
            data={[
              { value: '', label: t('filter.any') },
              ...STUCK_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })),
            ]}
          />
          <NativeSelect
            label={t('filter.reason')}
            value={draft.reason ?? ''}
            onChange={(e) => setDraft({ ...draft, reason: e.currentTarget.value || undefined })}
            data={[
              { value: '', label: t('filter.any') },
              ...STUCK_REASONS.map((r) => ({ value: r, label: t(`reason.${r}.label`) })),
            ]}
          />
          <NativeSelect
            label={t('filter.stage')}
            value={draft.stage ?? ''}
            onChange={(e) => setDraft({ ...draft, stage: e.currentTarget.value || undefined })}
            data={[
              { value: '', label: t('filter.any') },
              ...STAGE_CODES.map((s) => ({ value: s, label: t(`stages:${s}`, { defaultValue: s }) })),
            ]}
          />
          <TextInput
            label={t('filter.office')}
            placeholder="MA-RBA"
            value={draft.office ?? ''}
            onChange={(e) => setDraft({ ...draft, office: e.currentTarget.value.trim().toUpperCase() || undefined })}
            w={120}
          />
          <TextInput
            label={t('filter.country')}
            placeholder="GN"
            maxLength={2}
            value={draft.country ?? ''}
            onChange={(e) => setDraft({ ...draft, country: e.currentTarget.value.trim().toUpperCase() || undefined })}
            w={90}
          />
          <NumberInput
            label={t('filter.minAgeHours')}
            min={0}
            value={draft.minAgeHours ?? ''}
            onChange={(v) => setDraft({ ...draft, minAgeHours: typeof v === 'number' ? v : undefined })}
            w={150}
          />
          <Button color="blue.8" type="submit">
            {t('filter.apply')}
          </Button>
          <Button variant="default" onClick={() => apply({})}>
            {t('filter.clear')}
          </Button>
        </Group>
      </Paper>

      {stuck.error ? <ApiErrorAlert error={stuck.error} /> : null}
      {stuck.isPending ? <Loader aria-label={t('loading')} /> : null}
      {stuck.data ? (
        <>
          <Text role="status">
            {t('stuck.total', { n: stuck.data.total })}{' '}
            {stuck.data.scannedAt ? (
              <>
                · {t('stuck.scannedAt')} <DateTime value={stuck.data.scannedAt} />
              </>
            ) : (
              <>· {t('stuck.neverScanned')}</>
            )}
          </Text>

          <section aria-labelledby="ops-counts">
            <Title order={2} size="h4" id="ops-counts" mb="xs">
              {t('stuck.counts')}
            </Title>
            {stuck.data.counts.length ? (
              <Table striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('col.kind')}</Table.Th>
                    <Table.Th>{t('col.reason')}</Table.Th>
                    <Table.Th>{t('col.stage')}</Table.Th>
                    <Table.Th>{t('col.office')}</Table.Th>
                    <Table.Th>{t('col.cases')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('col.filterBy')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {stuck.data.counts.map((c) => (
                    <Table.Tr key={`${c.kind}-${c.reason}-${c.stage}-${c.office}`}>
                      <Table.Td>{t(`kind.${c.kind}`)}</Table.Td>
                      <Table.Td>{t(`reason.${c.reason}.label`, { defaultValue: c.reason })}</Table.Td>
                      <Table.Td>{c.stage ? t(`stages:${c.stage}`, { defaultValue: c.stage }) : '—'}</Table.Td>
                      <Table.Td>{c.office ?? '—'}</Table.Td>
                      <Table.Td>{new Intl.NumberFormat(i18n.language).format(c.count)}</Table.Td>
                      <Table.Td>
                        <Button
                          size="compact-sm"
                          variant="default"
                          onClick={() =>
                            apply({
                              ...filter,
                              kind: c.kind,
                              reason: c.reason,
                              stage: c.stage ?? undefined,
                              office: c.office ?? undefined,
                            })
                          }
                        >
                          {t('stuck.showGroup')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : (
              <Text c="gray.7">{t('stuck.none')}</Text>
            )}
          </section>

          <section aria-labelledby="ops-items">
            <Title order={2} size="h4" id="ops-items" mb="xs">
              {t('stuck.items')}
            </Title>
            {stuck.data.items.length ? (
              <Table striped withTableBorder highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('col.reference')}</Table.Th>
                    <Table.Th>{t('col.kind')}</Table.Th>
                    <Table.Th>{t('col.reason')}</Table.Th>
                    <Table.Th>{t('col.stage')}</Table.Th>
                    <Table.Th>{t('col.office')}</Table.Th>
                    <Table.Th>{t('col.country')}</Table.Th>
                    <Table.Th>{t('col.since')}</Table.Th>
                    <Table.Th>{t('col.age')}</Table.Th>
                    <Table.Th>{t('col.waitingFor')}</Table.Th>
                    <Table.Th>{t('col.lastAction')}</Table.Th>
                    <Table.Th>{t('col.todo')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {stuck.data.items.map((i) => (
                    <Table.Tr key={`${i.caseId}-${i.kind}-${i.reason}`}>
                      <Table.Td>
                        <Anchor c="blue.8" component={Link} to={`/console/ops/cases/${i.caseId}`}>
                          {i.reference ?? i.caseId}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Tag color={i.kind === 'TECHNICAL' ? 'red' : 'orange'} variant="light">
                          {t(`kind.${i.kind}`)}
                        </Tag>
                      </Table.Td>
                      <Table.Td>{t(`reason.${i.reason}.label`, { defaultValue: i.reason })}</Table.Td>
                      <Table.Td>{i.stage ? t(`stages:${i.stage}`, { defaultValue: i.stage }) : '—'}</Table.Td>
                      <Table.Td>{i.office ?? '—'}</Table.Td>
                      <Table.Td>{i.country ?? '—'}</Table.Td>
                      <Table.Td>
                        <DateTime value={i.since} />
                      </Table.Td>
                      <Table.Td>{formatAge(i.ageSeconds, i18n.language)}</Table.Td>
                      <Table.Td>
                        {i.waitingFor
                          ? `${t(`waiting.${i.waitingFor.party}`, { defaultValue: i.waitingFor.party })}${
                              i.waitingFor.role && i.waitingFor.party === 'COLLEAGUE'
                                ? ` (${t(`counterpart:role.${i.waitingFor.role}`, { defaultValue: i.waitingFor.role })})`
                                : ''
                            }`
                          : '—'}
                      </Table.Td>
                      <Table.Td>{i.lastActionAt ? <DateTime value={i.lastActionAt} /> : '—'}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{t(`reason.${i.reason}.todo`, { defaultValue: i.suggestedAction })}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : (
              <Text c="gray.7">{t('stuck.none')}</Text>
            )}
          </section>

          <BulkActionPanel filter={filter} />
        </>
      ) : null}
    </Stack>
  );
}
