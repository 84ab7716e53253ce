import { Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components';
import { useSession } from '../../session/session';
import { MANAGERS, useAssignCase, useCaseAssignment } from './api';
import { ReassignForm } from './ReassignForm';

/** The case's assigned officer and counterpart; supervisors and operations reassign them with a reason. */
export function AssignmentCard({ caseId }: { caseId: string }) {
  const { t } = useTranslation('tasks');
  const { user } = useSession();
  const assignment = useCaseAssignment(caseId);
  const assign = useAssignCase(caseId);
  const [slot, setSlot] = useState<'OFFICER' | 'COUNTERPART'>('OFFICER');
  const person = (p: { userId: string; name?: string | null } | null | undefined) =>
    p ? (p.name ?? p.userId) : t('nobody');

  return (
    <Card withBorder component="section" aria-labelledby="assignment-title">
      <Stack gap="xs">
        <Title order={2} size="h3" id="assignment-title">
          {t('assignment.title')}
        </Title>
        <ApiErrorAlert error={assignment.error ?? assign.error} />
        {assignment.data && (
          <>
            <Text size="sm">{t('assignment.officer', { who: person(assignment.data.officer) })}</Text>
            <Text size="sm">{t('assignment.counterpart', { who: person(assignment.data.counterpart) })}</Text>
          </>
        )}
        {MANAGERS.includes(user.role) && (
          <Group align="end">
            <SegmentedControl
              size="xs"
              aria-label={t('assignment.slot')}
              value={slot}
              onChange={(v) => setSlot(v)}
              data={[
                { value: 'OFFICER', label: t('assignment.slots.OFFICER') },
                { value: 'COUNTERPART', label: t('assignment.slots.COUNTERPART') },
              ]}
            />
            <ReassignForm
              idLabel={t('toUserId')}
              pending={assign.isPending}
              onSubmit={(userId, reason) => assign.mutate({ slot, userId, reason })}
            />
          </Group>
        )}
      </Stack>
    </Card>
  );
}
