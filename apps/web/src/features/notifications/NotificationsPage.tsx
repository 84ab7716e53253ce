import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { Notification, NotificationList } from '../../api/types';
import { ApiErrorAlert, DateTime, PageTitle } from '../../components';

/** The user's notifications (reminders, SLA tasks and escalations), newest first; mark one or all read. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['notifications', 'list'],
    queryFn: () => unwrap<NotificationList>(api.GET('/me/notifications', { params: { query: { limit: 100 } } })),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['notifications'] });
  const readOne = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/me/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: refresh,
  });
  const readAll = useMutation({
    mutationFn: () => unwrap(api.POST('/me/notifications/read-all')),
    onSettled: refresh,
  });

  const describe = (n: Notification) => {
    // A case event (the receiving office told of a booking, a changed date, a no-show...): features/incoming's texts.
    if (n.kind === 'CASE_EVENT' && typeof n.body.notificationKind === 'string')
      return `${t('incoming:caseEvent')}: ${t(`incoming:events.${n.body.notificationKind}`, { defaultValue: n.body.notificationKind })}`;
    const kind = t(`notifications.kinds.${n.kind}`, { defaultValue: n.kind });
    const what = n.body.reminderKind
      ? t(`notifications.reminders.${n.body.reminderKind}`, { defaultValue: n.body.reminderKind })
      : '';
    return what ? `${kind}: ${what}` : kind;
  };

  return (
    <Stack>
      <PageTitle text={t('nav.notifications')} />
      <ApiErrorAlert error={list.error ?? readOne.error ?? readAll.error} />
      {list.isPending && <Loader aria-label={t('loading')} />}
      {list.data && (
        <>
          <Group>
            <Text>{t('notifications.unread', { count: list.data.unread ?? 0 })}</Text>
            <Button size="xs" variant="light" onClick={() => readAll.mutate()} loading={readAll.isPending}>
              {t('notifications.readAll')}
            </Button>
          </Group>
          {list.data.items.length === 0 ? (
            <Text>{t('notifications.empty')}</Text>
          ) : (
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('notifications.when')}</Table.Th>
                  <Table.Th>{t('notifications.what')}</Table.Th>
                  <Table.Th>{t('notifications.case')}</Table.Th>
                  <Table.Th>{t('notifications.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((n) => (
                  <Table.Tr key={n.id}>
                    <Table.Td>
                      <DateTime value={n.createdAt} />
                    </Table.Td>
                    <Table.Td>
                      {describe(n)}
                      {typeof n.body.dueAt === 'string' && (
                        <Text size="xs" c="dimmed">
                          {t('notifications.due')} <DateTime value={n.body.dueAt} />
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {n.caseId ? (
                        <Anchor component={Link} to={`/console/cases/${n.caseId}`}>
                          {n.body.reference ?? t('notifications.openCase')}
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      {n.readAt ? (
                        <Badge color="gray" variant="light">
                          {t('notifications.read')}
                        </Badge>
                      ) : (
                        <Button size="xs" variant="subtle" onClick={() => readOne.mutate(n.id)}>
                          {t('notifications.markRead')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Stack>
  );
}
