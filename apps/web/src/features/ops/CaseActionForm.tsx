import { Button, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { formatDateTime } from '../../components/DateTime';
import { useOfficeTimeZone } from '../../session/time-zone';
import { useCaseAction } from './api';
import { ActionResult } from './ActionResult';
import { ReasonField, reasonOk } from './ReasonField';
import { NEEDS_SECOND_USER, OPS_ACTIONS, type OpsAction, type OpsActionView, type ReminderDiagnostic } from './types';

/**
 * RETRY, RESET, CANCEL_REMINDER or TERMINATE on one case, always with a reason. RESET and TERMINATE wait for a second
 * operations user: the form says so before it is sent, and the answer (202 PENDING_APPROVAL) links to the approvals.
 */
export function CaseActionForm({
  caseId,
  reminders,
  initialAction,
}: {
  caseId: string;
  reminders: ReminderDiagnostic[];
  initialAction?: OpsAction;
}) {
  const { t, i18n } = useTranslation('ops');
  const zone = useOfficeTimeZone();
  const act = useCaseAction(caseId);
  const [action, setAction] = useState<OpsAction>(initialAction ?? 'RETRY');
  const [reason, setReason] = useState('');
  const pending = reminders.filter((r) => r.status === 'PENDING');
  const [reminderId, setReminderId] = useState('');
  const [result, setResult] = useState<OpsActionView | null>(null);
  const needsReminder = action === 'CANCEL_REMINDER';
  const ready = reasonOk(reason) && (!needsReminder || !!reminderId);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    const r = await act
      .mutateAsync({ action, reason: reason.trim(), ...(needsReminder ? { reminderId } : {}) })
      .catch(() => null);
    if (r) {
      setResult(r);
      setReason('');
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="ops-act">
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <Title order={2} size="h4" id="ops-act">
            {t('action.title')}
          </Title>
          <NativeSelect
            label={t('action.label')}
            value={action}
            onChange={(e) => setAction(e.currentTarget.value as OpsAction)}
            data={OPS_ACTIONS.map((a) => ({ value: a, label: t(`action.name.${a}`) }))}
            description={t(`action.help.${action}`)}
          />
          {needsReminder ? (
            <NativeSelect
              label={t('action.reminder')}
              required
              value={reminderId}
              onChange={(e) => setReminderId(e.currentTarget.value)}
              data={[
                { value: '', label: pending.length ? t('action.chooseReminder') : t('action.noPendingReminder') },
                ...pending.map((r) => ({
                  value: r.id,
                  label: `${t(`reminderKind.${r.kind}`, { defaultValue: r.kind })} · ${formatDateTime(r.dueAt, i18n.language, zone)}`,
                })),
              ]}
            />
          ) : null}
          <ReasonField id="case-action-reason" value={reason} onChange={setReason} />
          {NEEDS_SECOND_USER.includes(action) ? (
            <Text size="sm" c="red.9">
              {t('action.needsSecondUser')}
            </Text>
          ) : null}
          <div>
            <Button
              type="submit"
              disabled={!ready}
              loading={act.isPending}
              color={action === 'TERMINATE' ? 'red.8' : 'blue.8'}
            >
              {NEEDS_SECOND_USER.includes(action)
                ? t('action.request', { action: t(`action.name.${action}`) })
                : t('action.run', { action: t(`action.name.${action}`) })}
            </Button>
          </div>
          {act.error ? <ApiErrorAlert error={act.error} /> : null}
          {result ? <ActionResult result={result} /> : null}
        </Stack>
      </form>
    </Paper>
  );
}
