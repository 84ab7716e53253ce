import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiErrorAlert, DateTime, PageTitle } from '../../components';
import { useSession } from '../../session/session';
import { MANAGERS, useReassignTask, useTasks, type Task, type TaskQuery } from './api';
import { ReassignForm } from './ReassignForm';

const KINDS = [
  'CANCEL_TICKET',
  'BID_ASSESSMENT',
  'VOT_RISK_ASSESSMENT',
  'FAMILY_ASSESSMENT',
  'MEDICAL_ASSESSMENT',
  'NO_SHOW_REVIEW',
  'DOCUMENT_RENEWAL',
  'UNHCR_NOTIFICATION',
  'CHILD_WITHOUT_GUARDIAN',
  'RSS_FOLLOW_UP',
  'FOLLOW_UP',
] as const;

/** Where a task's case opens, with the completing command's form open (counterparts have their own case page). */
function caseLink(task: Task, role: string): string {
  const base = role === 'counterpart' ? `/console/counterpart/cases/${task.caseId}` : `/console/cases/${task.caseId}`;
  return task.command && task.command !== 'WITHHELD' ? `${base}?command=${task.command}` : base;
}

/**
 * The task inbox: the work the cases' states call for, owned by the user (or their role in their office), soonest due
 * first, with counts by kind and overdue; supervisors and operations see everyone's and reassign with a reason.
 */
export function TasksPage() {
  const { t } = useTranslation(['tasks', 'commands', 'common']);
  const { user } = useSession();
  const manager = MANAGERS.includes(user.role);
  const [status, setStatus] = useState<'OPEN' | 'DONE' | 'OBSOLETE'>('OPEN');
  const [kind, setKind] = useState<string | null>(null);
  const [overdue, setOverdue] = useState(false);
  const [owner, setOwner] = useState<'me' | 'all'>('me');
  const [reassigning, setReassigning] = useState<string | null>(null);
  const query: TaskQuery = {
    status,
    owner,
    ...(kind ? { kind: kind as TaskQuery['kind'] } : {}),
    ...(overdue ? { overdue: 'true' as const } : {}),
  };
  const tasks = useTasks(query);
  const reassign = useReassignTask();
  const kindLabel = (k: string) => t(`kinds.${k}`, { defaultValue: k });

  return (
    <Stack>
      <PageTitle text={t('title')} />
      <Group>
        <SegmentedControl
          aria-label={t('status')}
          value={status}
          onChange={(v) => setStatus(v)}
          data={(['OPEN', 'DONE', 'OBSOLETE'] as const).map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        />
        {manager && (
          <SegmentedControl
            aria-label={t('owner')}
            value={owner}
            onChange={(v) => setOwner(v)}
            data={[
              { value: 'me', label: t('owners.me') },
              { value: 'all', label: t('owners.all') },
            ]}
          />
        )}
        <Select
          aria-label={t('kind')}
          placeholder={t('allKinds')}
          clearable
          value={kind}
          onChange={setKind}
          data={KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
        />
        <Checkbox label={t('overdueOnly')} checked={overdue} onChange={(e) => setOverdue(e.currentTarget.checked)} />
      </Group>
      <ApiErrorAlert error={tasks.error ?? reassign.error} />
      {tasks.isPending && <Loader aria-label={t('common:loading')} />}
      {tasks.data && (
        <>
          <Group gap="xs" aria-label={t('counts')} role="group">
            <Badge variant="light">{t('total', { count: tasks.data.counts.total })}</Badge>
            <Badge variant="light" color={tasks.data.counts.overdue ? 'red' : 'gray'}>
              {t('overdue', { count: tasks.data.counts.overdue })}
            </Badge>
            {tasks.data.counts.alerts > 0 && (
              <Badge variant="filled" color="red">
                {t('alerts', { count: tasks.data.counts.alerts })}
              </Badge>
            )}
            {Object.entries(tasks.data.counts.byKind).map(([k, n]) => (
              <Badge key={k} variant="outline">
                {kindLabel(k)}: {n}
              </Badge>
            ))}
          </Group>
          {tasks.data.items.length === 0 ? (
            <Text>{t('empty')}</Text>
          ) : (
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('kind')}</Table.Th>
                  <Table.Th>{t('case')}</Table.Th>
                  <Table.Th>{t('due')}</Table.Th>
                  <Table.Th>{t('owner')}</Table.Th>
                  <Table.Th>{t('action')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tasks.data.items.map((task) => (
                  <Table.Tr key={task.id}>
                    <Table.Td>
                      {kindLabel(task.kind)}
                      {task.suggestedAction && (
                        <Text size="xs" c="dimmed">
                          {t('suggested', { action: t(`actions.${task.suggestedAction}`) })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={caseLink(task, user.role)}>
                        {task.reference}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <DateTime value={task.dueAt} />
                      {task.overdue && (
                        <Badge ms="xs" color="red" variant="light">
                          {t('late')}
                        </Badge>
                      )}
                      {task.alertAt && (
                        <Text size="xs" c="dimmed">
                          {t('alertAt')} <DateTime value={task.alertAt} />
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {task.ownerName ??
                        task.ownerUserId ??
                        t('roleInOffice', {
                          role: t(`common:roles.${task.ownerRole}`, { defaultValue: task.ownerRole }),
                          office: task.ownerOffice ?? '—',
                        })}
                      {task.reassigned && (
                        <Badge ms="xs" variant="outline" size="xs">
                          {t('reassigned')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {task.status === 'OPEN' && task.command !== 'WITHHELD' && (
                        <Anchor component={Link} to={caseLink(task, user.role)} size="sm">
                          {t(`commands:types.${task.command}`, { defaultValue: task.command })}
                        </Anchor>
                      )}
                      {manager && task.status === 'OPEN' && (
                        <Stack gap={4} mt={4}>
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            onClick={() => setReassigning(reassigning === task.id ? null : task.id)}
                          >
                            {t('reassign')}
                          </Button>
                          {reassigning === task.id && (
                            <ReassignForm
                              idLabel={t('toUserId')}
                              pending={reassign.isPending}
                              onSubmit={(toUserId, reason) =>
                                reassign.mutate(
                                  { id: task.id, toUserId, reason },
                                  { onSuccess: () => setReassigning(null) },
                                )
                              }
                            />
                          )}
                        </Stack>
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
