import { Anchor, Button, Group, Loader, Select, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Notice } from '../ops/ui';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { ROLES, useUpdateUser, useUsers, type AdminUser } from './api';
import { AuditList } from './AuditList';
import { useOfficeOptions } from './UsersPage';

/** One user: display name, role and office (a new role or office ends their sessions), and the user's audit trail. */
export function UserEditPage() {
  const { t } = useTranslation('admin');
  const { userId = '' } = useParams();
  const users = useUsers();
  const officeOptions = useOfficeOptions();
  const update = useUpdateUser();
  const user = users.data?.find((u) => u.id === userId);
  const [form, setForm] = useState({ displayName: '', role: 'officer', office: '' });
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (user) setForm({ displayName: user.displayName, role: user.role, office: user.office ?? '' });
  }, [user]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    await update.mutateAsync({
      id: userId,
      body: { displayName: form.displayName, role: form.role as AdminUser['role'], office: form.office || null },
    });
    setSaved(true);
  };

  return (
    <Stack gap="md">
      <Anchor c="blue.8" component={Link} to="/console/admin/users">
        {t('users.back')}
      </Anchor>
      <PageTitle text={user ? t('users.editTitle', { username: user.username }) : t('users.title')} />
      {users.isPending ? <Loader aria-label={t('loading')} /> : null}
      {users.data && !user ? <Notice color="red">{t('users.notFound')}</Notice> : null}
      {update.error ? <ApiErrorAlert error={update.error} /> : null}
      {saved ? (
        <Notice color="green" role="status">
          {t('users.saved')}
        </Notice>
      ) : null}
      {user ? (
        <form onSubmit={(e) => void submit(e).catch(() => undefined)}>
          <Group align="end" wrap="wrap">
            <TextInput
              label={t('users.displayName')}
              required
              value={form.displayName}
              onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
            />
            <Select
              label={t('users.role')}
              data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
              value={form.role}
              allowDeselect={false}
              onChange={(v) => setForm({ ...form, role: v ?? form.role })}
            />
            <Select
              label={t('users.office')}
              data={officeOptions}
              value={form.office}
              allowDeselect={false}
              onChange={(v) => setForm({ ...form, office: v ?? '' })}
            />
            <Button type="submit" loading={update.isPending}>
              {t('save')}
            </Button>
          </Group>
        </form>
      ) : null}
      {user ? <AuditList targetType="USER" targetId={user.id} /> : null}
    </Stack>
  );
}
