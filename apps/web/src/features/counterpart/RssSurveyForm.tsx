import { Button, Divider, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandFormProps } from '../case/command-form-types';
import { MONITORING_MODES, RSS_TIMINGS } from './codes';
import { RSS_DIMENSIONS, RSS_INSTRUMENT_V1, scoreRss, type RssAnswer, type RssIndicator } from './rss';
import { ScoreTable } from './ScoreTable';

const instrument = RSS_INSTRUMENT_V1;

/** The select's options for one indicator: no answer, then the answers its mapping accepts. */
function optionsOf(ind: RssIndicator, t: (k: string, o?: Record<string, unknown>) => string) {
  const none = { value: '', label: t('rss.noAnswer') };
  switch (ind.mapping.kind) {
    case 'SCALE': {
      const { min, max } = ind.mapping;
      return [
        none,
        ...Array.from({ length: max - min + 1 }, (_, i) => {
          const v = min + i;
          return { value: String(v), label: String(v) };
        }),
      ];
    }
    case 'YES_NO':
      return [none, { value: 'true', label: t('rss.yes') }, { value: 'false', label: t('rss.no') }];
    case 'CHOICE':
      return [
        none,
        ...Object.keys(ind.mapping.scores).map((code) => ({
          value: code,
          label: t(`rss.choice.${code}`, { defaultValue: code }),
        })),
      ];
  }
}

function parse(ind: RssIndicator, raw: string): RssAnswer {
  if (raw === '') return null;
  if (ind.mapping.kind === 'SCALE') return Number(raw);
  if (ind.mapping.kind === 'YES_NO') return raw === 'true';
  return raw;
}

/**
 * RecordRss: the survey's questions grouped by dimension, an answer (or "no answer") for each, and the scores
 * previewed as it is filled in. The engine scores the survey again when it records it; that result is shown on the
 * case (reintegration.rss).
 */
export function RssSurveyForm({ submit, busy }: CommandFormProps) {
  const { t } = useTranslation('counterpart');
  const [timing, setTiming] = useState<(typeof RSS_TIMINGS)[number]>('BASELINE');
  const [mode, setMode] = useState<(typeof MONITORING_MODES)[number]>('IN_PERSON');
  const [raw, setRaw] = useState<Record<string, string>>({});
  const answers = useMemo(
    () => Object.fromEntries(instrument.indicators.map((i) => [i.id, parse(i, raw[i.id] ?? '')])),
    [raw],
  );
  const preview = useMemo(() => scoreRss(instrument, answers), [answers]);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // The command panel shows the API's answer (and its error, translated from its code).
    void submit({ instrumentVersion: instrument.version, timing, mode, answers }).catch(() => undefined);
  };

  return (
    <form onSubmit={onSubmit} aria-label={t('rss.formLabel')}>
      <Stack gap="sm">
        <Text size="sm">{t('rss.intro', { version: instrument.version })}</Text>
        <Group grow>
          <NativeSelect
            label={t('rss.timing')}
            value={timing}
            onChange={(e) => setTiming(e.currentTarget.value as typeof timing)}
            data={RSS_TIMINGS.map((v) => ({ value: v, label: t(`rss.timings.${v}`) }))}
          />
          <NativeSelect
            label={t('rss.mode')}
            value={mode}
            onChange={(e) => setMode(e.currentTarget.value as typeof mode)}
            data={MONITORING_MODES.map((v) => ({ value: v, label: t(`mode.${v}`) }))}
          />
        </Group>
        {RSS_DIMENSIONS.map((d) => (
          <Fieldset key={d} legend={t(`dimension.${d}`)}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {instrument.indicators
                .filter((i) => i.dimension === d)
                .map((i) => (
                  <NativeSelect
                    key={i.id}
                    label={t(`rss.question.${i.id}`, { defaultValue: i.id })}
                    data-indicator={i.id}
                    value={raw[i.id] ?? ''}
                    onChange={(e) => setRaw({ ...raw, [i.id]: e.currentTarget.value })}
                    data={optionsOf(i, t)}
                  />
                ))}
            </SimpleGrid>
          </Fieldset>
        ))}
        <Divider />
        <section aria-labelledby="rss-preview">
          <Title order={4} size="h6" id="rss-preview">
            {t('rss.preview')}
          </Title>
          <Text size="xs" c="gray.7" mb={4}>
            {t('rss.previewHelp')}
          </Text>
          <ScoreTable score={preview} />
        </section>
        <div>
          <Button color="blue.8" type="submit" loading={busy}>
            {t('rss.submit')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
