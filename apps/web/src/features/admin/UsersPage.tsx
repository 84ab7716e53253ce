import { Anchor, Button, Code, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Notice } from '../ops/ui';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { useSession } from '../../session/session';
import {
  ROLES,
  useCreateUser,
  useOffices,
  useResetPassword,
  useSignOutUser,
  useUpdateUser,
  useUsers,
  type AdminUser,
} from './api';

type UserAction = 'signOut' | 'reset' | 'toggle';
/** The words of the confirmation each action asks for (enabling an account asks nothing: it takes nothing away). */
const CONFIRM_LABEL: Record<UserAction, string> = {
  signOut: 'users.confirmSignOut',
  reset: 'users.confirmReset',
  toggle: 'users.confirmDisable',
};

/** The office choices of a form: the register, plus "no office" (operations, admin). */
export function useOfficeOptions() {
  const { t } = useTranslation('admin');
  const offices = useOffices();
  return [
    { value: '', label: t('users.noOffice') },
    ...(offices.data ?? []).map((o) => ({ value: o.code, label: `${o.code} · ${o.name}` })),
  ];
}

/**
 * The staff register: create a user (the API checks the role against the office's kind), and per user the actions an
 * administrator takes: edit, force sign-out, reset the password (a generated one, shown here once), disable or enable.
 */
export function UsersPage() {
  const { t } = useTranslation('admin');
  const { user: me } = useSession();
  const users = useUsers();
  const officeOptions = useOfficeOptions();
  const create = useCreateUser();
  const update = useUpdateUser();
  const reset = useResetPassword();
  const signOut = useSignOutUser();
  const [form, setForm] = useState({ username: '', displayName: '', role: 'officer', office: '' });
  const [notice, setNotice] = useState<{ text: string; password?: string } | null>(null);
  // Ending sessions, resetting a password and disabling act on someone else's work at once: each asks first.
  const [pending, setPending] = useState<{ id: string; what: UserAction } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    const res = await create.mutateAsync({
      username: form.username.trim(),
      displayName: form.displayName,
      role: form.role as AdminUser['role'],
      office: form.office || null,
    });
    setNotice({ text: t('users.created', { username: res.user.username }), password: res.temporaryPassword });
    setForm({ username: '', displayName: '', role: form.role, office: form.office });
  };
  const act = async (u: AdminUser, what: UserAction) => {
    setNotice(null);
    setPending(null);
    if (what === 'signOut') {
      await signOut.mutateAsync(u.id);
      setNotice({ text: t('users.signedOut', { username: u.username }) });
    } else if (what === 'reset') {
      const res = await reset.mutateAsync(u.id);
      setNotice({ text: t('users.passwordReset', { username: u.username }), password: res.temporaryPassword });
    } else {
      await update.mutateAsync({ id: u.id, body: { active: !u.active } });
      setNotice({ text: t(u.active ? 'users.disabled' : 'users.enabled', { username: u.username }) });
    }
  };
  const error = create.error ?? update.error ?? reset.error ?? signOut.error;

  return (
    <Stack gap="md">
      <PageTitle text={t('users.title')} />
      <Text size="sm">{t('users.help')}</Text>
      {error ? <ApiErrorAlert error={error} /> : null}
      {notice ? (
        <Notice color="green" role="status" title={notice.text}>
          {notice.password ? (
            <Text size="sm">
              {t('users.temporaryPassword')} <Code data-testid="temporary-password">{notice.password}</Code>
            </Text>
          ) : null}
        </Notice>
      ) : null}
      <section aria-labelledby="create-user">
        <Title order={2} size="h4" id="create-user" mb="xs">
          {t('users.create')}
        </Title>
        <form onSubmit={(e) => void submit(e).catch(() => undefined)}>
          <Group align="end" wrap="wrap">
            <TextInput
              label={t('users.username')}
              required
              value={form.username}
              onChange={(e) => setForm({ ...form, username: e.currentTarget.value })}
            />
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
              onChange={(v) => setForm({ ...form, role: v ?? 'officer' })}
            />
            <Select
              label={t('users.office')}
              data={officeOptions}
              value={form.office}
              allowDeselect={false}
              onChange={(v) => setForm({ ...form, office: v ?? '' })}
            />
            <Button type="submit" loading={create.isPending}>
              {t('users.createSubmit')}
            </Button>
          </Group>
        </form>
      </section>
      <section aria-labelledby="user-list">
        <Title order={2} size="h4" id="user-list" mb="xs">
          {t('users.list')}
        </Title>
        {users.error ? <ApiErrorAlert error={users.error} /> : null}
        {users.isPending ? <Loader aria-label={t('loading')} /> : null}
        {users.data ? (
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.username')}</Table.Th>
                <Table.Th>{t('users.displayName')}</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.office')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                <Table.Th>{t('users.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.map((u) => (
                <Table.Tr key={u.id} data-username={u.username}>
                  <Table.Td>
                    <Anchor c="blue.8" component={Link} to={`/console/admin/users/${u.id}`}>
                      {u.username}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{u.displayName}</Table.Td>
                  <Table.Td>{t(`roles.${u.role}`)}</Table.Td>
                  <Table.Td>{u.office ?? '—'}</Table.Td>
                  <Table.Td>{u.active ? t('users.active') : t('users.inactive')}</Table.Td>
                  <Table.Td>
                    {pending?.id === u.id ? (
                      <Group gap="xs" wrap="nowrap" role="group" aria-label={t('users.actions')}>
                        <Text size="sm">
                          {t('users.confirmQuestion', { action: t(CONFIRM_LABEL[pending.what]), username: u.username })}
                        </Text>
                        <Button
                          size="compact-sm"
                          color="red.8"
                          onClick={() => void act(u, pending.what).catch(() => undefined)}
                        >
                          {t('users.confirmYes', { action: t(CONFIRM_LABEL[pending.what]) })}
                        </Button>
                        <Button size="compact-sm" variant="default" onClick={() => setPending(null)}>
                          {t('users.confirmNo')}
                        </Button>
                      </Group>
                    ) : (
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="default"
                          aria-label={t('users.signOutOf', { username: u.username })}
                          onClick={() => setPending({ id: u.id, what: 'signOut' })}
                        >
                          {t('users.signOut')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="default"
                          aria-label={t('users.resetOf', { username: u.username })}
                          onClick={() => setPending({ id: u.id, what: 'reset' })}
                        >
                          {t('users.reset')}
                        </Button>
                        {u.id === me.id ? null : (
                          <Button
                            size="compact-sm"
                            color={u.active ? 'red.8' : 'green.9'}
                            aria-label={t(u.active ? 'users.disableOf' : 'users.enableOf', { username: u.username })}
                            onClick={() =>
                              u.active
                                ? setPending({ id: u.id, what: 'toggle' })
                                : void act(u, 'toggle').catch(() => undefined)
                            }
                          >
                            {u.active ? t('users.disable') : t('users.enable')}
                          </Button>
                        )}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </section>
    </Stack>
  );
}
