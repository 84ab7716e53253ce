import { Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Tag } from '../ops/ui';

export interface Scores {
  dimensionScores: Record<string, number | null>;
  composite: number | null;
  missingIndicators: string[];
  incomplete: boolean;
  provisional: boolean;
  belowThreshold: string[];
}

const DIMENSIONS = ['ECONOMIC', 'SOCIAL', 'PSYCHOSOCIAL'] as const;

/** Dimension and composite scores (0 to 1, shown as percentages) with the engine's flags. */
export function ScoreTable({ score, caption }: { score: Scores; caption?: string }) {
  const { t, i18n } = useTranslation('counterpart');
  const pct = (x: number | null) =>
    x === null
      ? t('rss.notScored')
      : new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 }).format(x);
  const below = (k: string) => score.belowThreshold.includes(k);
  const row = (key: string, label: string, value: number | null) => (
    <Table.Tr key={key}>
      <Table.Th scope="row">{label}</Table.Th>
      <Table.Td>{pct(value)}</Table.Td>
      <Table.Td>
        {below(key) ? (
          <Tag color="red" variant="light">
            {t('rss.below')}
          </Tag>
        ) : value === null ? null : (
          <Tag color="green" variant="light">
            {t('rss.above')}
          </Tag>
        )}
      </Table.Td>
    </Table.Tr>
  );
  return (
    <>
      <Table withTableBorder w="auto" data-testid="rss-scores">
        {caption ? <Table.Caption>{caption}</Table.Caption> : null}
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('rss.dimension')}</Table.Th>
            <Table.Th>{t('rss.score')}</Table.Th>
            <Table.Th>{t('rss.threshold')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {DIMENSIONS.map((d) => row(d, t(`dimension.${d}`), score.dimensionScores[d] ?? null))}
          {row('COMPOSITE', t('rss.composite'), score.composite)}
        </Table.Tbody>
      </Table>
      <Group gap="xs" mt={4}>
        {score.provisional ? <Tag color="gray">{t('rss.provisional')}</Tag> : null}
        {score.incomplete ? <Tag color="orange">{t('rss.incomplete')}</Tag> : null}
        {score.missingIndicators.length ? (
          <Text size="xs">{t('rss.missing', { n: score.missingIndicators.length })}</Text>
        ) : null}
      </Group>
    </>
  );
}
