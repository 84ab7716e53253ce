import { Text, Timeline as MTimeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert, DateTime } from '../../components';
import { useHistory } from './api';

/**
 * The audit trail in words: who (by name, as the API gives it), did what (from the command type), when (effective
 * time, and recording time when later), and the stage it moved the case to.
 */
export function CaseTimeline({ caseId }: { caseId: string }) {
  const { t } = useTranslation(['events', 'stages', 'common', 'commands']);
  const history = useHistory(caseId);
  if (history.error) return <ApiErrorAlert error={history.error} />;
  const entries = [...(history.data?.entries ?? [])].sort((a, b) => b.version - a.version);
  if (!entries.length) return <Text size="sm">{t('common:case.noHistory')}</Text>;
  return (
    <MTimeline bulletSize={12} lineWidth={2} active={entries.length}>
      {entries.map((e) => {
        const actor = e.actorName ?? t(`common:roles.${e.actorRole ?? 'system'}`, { defaultValue: e.actorRole ?? '' });
        const moved = e.fromStage && e.toStage && e.fromStage !== e.toStage;
        return (
          <MTimeline.Item
            key={e.version}
            title={t(`events:${e.commandType}`, {
              actor,
              defaultValue: t('events:generic', {
                actor,
                command: t(`commands:types.${e.commandType}`, { defaultValue: e.commandType }),
              }),
            })}
          >
            {moved && (
              <Text size="sm">
                {t('events:stageChanged', {
                  from: t(`stages:${e.fromStage}`, { defaultValue: e.fromStage }),
                  to: t(`stages:${e.toStage}`, { defaultValue: e.toStage }),
                })}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              <DateTime value={e.effectiveAt} />
              {e.recordedAt && e.recordedAt.slice(0, 16) !== e.effectiveAt.slice(0, 16) && (
                <>
                  {' · '}
                  {t('common:case.recordedAt')} <DateTime value={e.recordedAt} />
                </>
              )}
            </Text>
          </MTimeline.Item>
        );
      })}
    </MTimeline>
  );
}
