import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { BULL_BOARD_PATH } from './temporal-link';

/** The operations screens, and bull-board (opened by the same session cookie, in its own tab). */
export function OpsNav() {
  const { t } = useTranslation('ops');
  return (
    <Group gap="lg" component="nav" aria-label={t('nav.label')}>
      <Anchor component={NavLink} to="/console/ops" end>
        {t('nav.stuck')}
      </Anchor>
      <Anchor component={NavLink} to="/console/ops/approvals">
        {t('nav.approvals')}
      </Anchor>
      <Anchor href={BULL_BOARD_PATH} target="_blank" rel="noopener">
        {t('nav.queues')}
      </Anchor>
    </Group>
  );
}
