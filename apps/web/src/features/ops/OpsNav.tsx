import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BULL_BOARD_PATH } from './temporal-link';

/**
 * What the operations screens link to beyond the console's own navigation: bull-board, served by the API and opened
 * by the same session cookie, in its own tab.
 */
export function OpsNav() {
  const { t } = useTranslation('ops');
  return (
    <Group gap="lg" component="nav" aria-label={t('nav.label')}>
      <Anchor c="blue.8" href={BULL_BOARD_PATH} target="_blank" rel="noopener">
        {t('nav.queues')}
      </Anchor>
    </Group>
  );
}
