import { Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person (user id) and a reason: what every reassignment asks for. */
export function ReassignForm({
  onSubmit,
  pending,
  idLabel,
}: {
  onSubmit: (userId: string, reason: string) => void;
  pending: boolean;
  idLabel: string;
}) {
  const { t } = useTranslation('tasks');
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const validId = UUID.test(userId.trim());
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (validId && reason.trim().length >= 3) onSubmit(userId.trim(), reason.trim());
      }}
    >
      <Group align="end" gap="xs">
        <TextInput
          size="xs"
          label={idLabel}
          value={userId}
          onChange={(e) => setUserId(e.currentTarget.value)}
          error={userId && !validId ? t('invalidUserId') : undefined}
        />
        <TextInput
          size="xs"
          label={t('reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          maxLength={500}
        />
        <Button size="xs" type="submit" loading={pending} disabled={!validId || reason.trim().length < 3}>
          {t('reassign')}
        </Button>
      </Group>
    </form>
  );
}
