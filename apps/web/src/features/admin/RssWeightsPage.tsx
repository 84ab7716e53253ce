import {
  Button,
  Checkbox,
  Group,
  Loader,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice, Tag } from '../ops/ui';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { PageTitle } from '../../components/PageTitle';
import { useAddRssWeights, useAdminRssWeights, type AdminRssWeightSet } from './rss-weights.api';

type Weights = Record<string, { dimension: number | string; composite: number | string }>;

/** The weights of a set, indicator by indicator, as the form edits them. */
const editable = (set: AdminRssWeightSet): Weights =>
  Object.fromEntries(
    Object.keys(set.composite).map((id) => [id, { dimension: set.dimension[id] ?? 0, composite: set.composite[id] }]),
  );

/**
 * RSS weight sets: every set (the configured ones and those added), and a form to add one for an instrument, starting
 * from the set that applies now. A set is never changed: a correction is a new version. The API checks the sums.
 */
export function RssWeightsPage() {
  const { t } = useTranslation('admin');
  const sets = useAdminRssWeights();
  const add = useAddRssWeights();
  const instruments = [...new Set((sets.data ?? []).map((s) => s.instrumentVersion))];
  const [instrument, setInstrument] = useState<string | null>(null);
  const [version, setVersion] = useState('');
  const [provisional, setProvisional] = useState(false);
  const [weights, setWeights] = useState<Weights | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const choose = (v: string | null) => {
    setInstrument(v);
    const current = (sets.data ?? []).find((s) => s.instrumentVersion === v && s.current);
    setWeights(current ? editable(current) : null);
  };
  // One instrument (the usual case): the form opens on it, with the weights that apply now to start from.
  const only = instruments.length === 1 ? instruments[0] : null;
  useEffect(() => {
    if (only && instrument === null) choose(only);
  }, [only, instrument]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!instrument || !weights) return;
    setAdded(null);
    const num = (x: number | string) => (typeof x === 'number' ? x : Number(x));
    const set = await add.mutateAsync({
      version: version.trim(),
      instrumentVersion: instrument,
      provisional,
      dimension: Object.fromEntries(Object.entries(weights).map(([id, w]) => [id, num(w.dimension)])),
      composite: Object.fromEntries(Object.entries(weights).map(([id, w]) => [id, num(w.composite)])),
    });
    setAdded(set.version);
    setVersion('');
  };
  const weightInput = (id: string, key: 'dimension' | 'composite') => (
    <NumberInput
      aria-label={t(`rssWeights.${key}Of`, { indicator: id })}
      min={0}
      max={1}
      step={0.01}
      decimalScale={6}
      w={120}
      value={weights?.[id][key] ?? 0}
      onChange={(v) => weights && setWeights({ ...weights, [id]: { ...weights[id], [key]: v } })}
    />
  );

  return (
    <Stack gap="md">
      <PageTitle text={t('rssWeights.title')} />
      <Text size="sm">{t('rssWeights.help')}</Text>
      {add.error ? <ApiErrorAlert error={add.error} /> : null}
      {added ? (
        <Notice color="green" role="status">
          {t('rssWeights.added', { version: added })}
        </Notice>
      ) : null}
      <section aria-labelledby="add-rss-weights">
        <Title order={2} size="h4" id="add-rss-weights" mb="xs">
          {t('rssWeights.add')}
        </Title>
        <form onSubmit={(e) => void submit(e).catch(() => undefined)}>
          <Group align="end" wrap="wrap" mb="sm">
            <Select
              label={t('rssWeights.instrument')}
              data={instruments}
              value={instrument}
              required
              onChange={choose}
            />
            <TextInput
              label={t('rssWeights.version')}
              placeholder="ANNEX4-2026"
              required
              value={version}
              onChange={(e) => setVersion(e.currentTarget.value)}
            />
            <Checkbox
              label={t('rssWeights.provisional')}
              checked={provisional}
              onChange={(e) => setProvisional(e.currentTarget.checked)}
            />
            <Button type="submit" loading={add.isPending} disabled={!weights}>
              {t('rssWeights.addSubmit')}
            </Button>
          </Group>
          {weights ? (
            <Table withTableBorder w="auto">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('rssWeights.indicator')}</Table.Th>
                  <Table.Th>{t('rssWeights.dimension')}</Table.Th>
                  <Table.Th>{t('rssWeights.composite')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {Object.keys(weights).map((id) => (
                  <Table.Tr key={id}>
                    <Table.Th scope="row">{id}</Table.Th>
                    <Table.Td>{weightInput(id, 'dimension')}</Table.Td>
                    <Table.Td>{weightInput(id, 'composite')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
        </form>
      </section>
      <section aria-labelledby="rss-weights-list">
        <Title order={2} size="h4" id="rss-weights-list" mb="xs">
          {t('rssWeights.list')}
        </Title>
        {sets.error ? <ApiErrorAlert error={sets.error} /> : null}
        {sets.isPending ? <Loader aria-label={t('loading')} /> : null}
        {sets.data ? (
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('rssWeights.version')}</Table.Th>
                <Table.Th>{t('rssWeights.instrument')}</Table.Th>
                <Table.Th>{t('rssWeights.source')}</Table.Th>
                <Table.Th>{t('rssWeights.addedAt')}</Table.Th>
                <Table.Th>{t('rssWeights.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sets.data.map((s) => (
                <Table.Tr key={s.version} data-rss-weights={s.version}>
                  <Table.Td>{s.version}</Table.Td>
                  <Table.Td>{s.instrumentVersion}</Table.Td>
                  <Table.Td>{t(`rssWeights.sources.${s.source}`)}</Table.Td>
                  <Table.Td>{s.createdAt ? <DateTime value={s.createdAt} /> : '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {s.current ? <Tag color="green">{t('rssWeights.current')}</Tag> : null}
                      {s.provisional ? <Tag color="gray">{t('rssWeights.provisional')}</Tag> : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </section>
    </Stack>
  );
}
