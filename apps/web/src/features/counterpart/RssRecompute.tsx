import { Loader, Select, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useRssRescore, useRssWeights } from '../admin/rss-weights.api';
import { ScoreTable } from './ScoreTable';

/**
 * A stored survey scored again under another weight set of its instrument, on request. Read-only: the recorded score
 * keeps the version it was computed with (shown above it); the API decides who may see this.
 */
export function RssRecompute({
  caseId,
  rssId,
  instrumentVersion,
  weightsVersion,
}: {
  caseId: string;
  rssId: string;
  instrumentVersion: string;
  weightsVersion: string;
}) {
  const { t } = useTranslation('counterpart');
  const [other, setOther] = useState<string | null>(null);
  const sets = useRssWeights(instrumentVersion);
  const rescore = useRssRescore(caseId, rssId, other);
  const versions = (sets.data ?? []).map((s) => s.version).filter((v) => v !== weightsVersion);
  if (sets.error || !versions.length) return null; // nothing to compare with (or a role without access)
  return (
    <Stack gap="xs" mt="xs">
      <Select
        label={t('rss.recomputeUnder')}
        placeholder={t('rss.recomputeChoose')}
        data={versions}
        value={other}
        clearable
        w={260}
        onChange={setOther}
      />
      {rescore.isFetching ? <Loader size="sm" aria-label={t('rss.recomputing')} /> : null}
      {rescore.error ? <ApiErrorAlert error={rescore.error} /> : null}
      {rescore.data && other ? (
        <ScoreTable
          score={rescore.data.recomputed}
          caption={t('rss.recomputedScores', { version: rescore.data.recomputed.weightsVersion })}
        />
      ) : null}
    </Stack>
  );
}
