import { List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Notice } from './ui';
import { DateTime } from '../../components/DateTime';
import type { EngineHealth } from './types';

/**
 * The engine's own health as GET /ops/stuck reports it. When no worker polls, the monitor (which runs in the workers)
 * is quiet too, so an empty stuck list means nothing: the banner says so first.
 */
export function EngineHealthBanner({ engine }: { engine: EngineHealth }) {
  const { t } = useTranslation('ops');
  if (!engine.alerts.length) {
    return (
      <Notice color="green" title={t('engine.healthyTitle')} role="status">
        <Text size="sm">
          {t('engine.healthy', {
            workflow: engine.workflowPollers ?? '?',
            activity: engine.activityPollers ?? '?',
            queue: engine.taskQueue,
          })}{' '}
          {engine.monitorLastScanAt ? (
            <>
              {t('engine.lastScan')} <DateTime value={engine.monitorLastScanAt} />
            </>
          ) : null}
        </Text>
      </Notice>
    );
  }
  return (
    <Stack gap="xs">
      {engine.alerts.map((a) => (
        <Notice key={a.reason} color="red" title={t(`engine.alert.${a.reason}.title`)} role="alert">
          <Text size="sm">{t(`engine.alert.${a.reason}.what`, { queue: engine.taskQueue })}</Text>
          <List size="sm" mt={4}>
            {a.since ? (
              <List.Item>
                {t('engine.since')} <DateTime value={a.since} />
              </List.Item>
            ) : null}
            <List.Item>
              {t('engine.pollers', {
                workflow: engine.workflowPollers ?? '?',
                activity: engine.activityPollers ?? '?',
              })}
            </List.Item>
            <List.Item>{t(`engine.alert.${a.reason}.todo`, { queue: engine.taskQueue })}</List.Item>
          </List>
        </Notice>
      ))}
    </Stack>
  );
}
