import { Anchor, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Tag } from './ui';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { PageTitle } from '../../components/PageTitle';
import { useSession } from '../../session/session';
import { useDecision, useOpsActions } from './api';
import { ActionResult } from './ActionResult';
import { shortId } from './format';
import { OpsNav } from './OpsNav';
import type { OpsActionView } from './types';

/**
 * Destructive actions waiting for a second operations user, and the recent actions. The requester's own requests show
 * who must decide instead of the buttons; the API refuses them anyway (SECOND_USER_REQUIRED).
 */
export function ApprovalsPage() {
  const { t } = useTranslation('ops');
  const { user } = useSession();
  const pending = useOpsActions('PENDING_APPROVAL');
  const recent = useOpsActions();
  const decide = useDecision();
  const [decided, setDecided] = useState<OpsActionView | null>(null);
  const who = (id: string | null) => (id === null ? '—' : id === user.id ? t('you') : shortId(id));
  const caseLinks = (a: OpsActionView) =>
    a.caseIds.length === 1 ? (
      <Anchor c="blue.8" component={Link} to={`/console/ops/cases/${a.caseIds[0]}`}>
        {shortId(a.caseIds[0])}
      </Anchor>
    ) : (
      t('approvals.cases', { n: a.caseIds.length })
    );

  return (
    <Stack gap="md">
      <OpsNav />
      <PageTitle text={t('approvals.title')} />
      <Text size="sm">{t('approvals.help')}</Text>
      {decide.error ? <ApiErrorAlert error={decide.error} /> : null}
      {decided ? <ActionResult result={decided} /> : null}
      <section aria-labelledby="approvals-pending">
        <Title order={2} size="h4" id="approvals-pending" mb="xs">
          {t('approvals.pending')}
        </Title>
        {pending.error ? <ApiErrorAlert error={pending.error} /> : null}
        {pending.isPending ? <Loader aria-label={t('loading')} /> : null}
        {pending.data && !pending.data.length ? <Text c="gray.7">{t('approvals.nonePending')}</Text> : null}
        {pending.data?.length ? (
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('diag.when')}</Table.Th>
                <Table.Th>{t('action.label')}</Table.Th>
                <Table.Th>{t('approvals.case')}</Table.Th>
                <Table.Th>{t('action.reason')}</Table.Th>
                <Table.Th>{t('approvals.requestedBy')}</Table.Th>
                <Table.Th>{t('approvals.decision')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pending.data.map((a) => (
                <Table.Tr key={a.actionId} data-action-id={a.actionId}>
                  <Table.Td>
                    <DateTime value={a.createdAt} />
                  </Table.Td>
                  <Table.Td>{t(`action.name.${a.action}`, { defaultValue: a.action })}</Table.Td>
                  <Table.Td>{caseLinks(a)}</Table.Td>
                  <Table.Td>{a.reason}</Table.Td>
                  <Table.Td>{who(a.requestedBy)}</Table.Td>
                  <Table.Td>
                    {a.requestedBy === user.id ? (
                      <Text size="sm">{t('approvals.ownRequest')}</Text>
                    ) : (
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="compact-sm"
                          color="red.8"
                          loading={decide.isPending}
                          aria-label={t('approvals.approveLabel', {
                            action: t(`action.name.${a.action}`),
                            reason: a.reason,
                          })}
                          onClick={() =>
                            void decide
                              .mutateAsync({ actionId: a.actionId, decision: 'approve' })
                              .then(setDecided, () => undefined)
                          }
                        >
                          {t('approvals.approve')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="default"
                          loading={decide.isPending}
                          aria-label={t('approvals.rejectLabel', {
                            action: t(`action.name.${a.action}`),
                            reason: a.reason,
                          })}
                          onClick={() =>
                            void decide
                              .mutateAsync({ actionId: a.actionId, decision: 'reject' })
                              .then(setDecided, () => undefined)
                          }
                        >
                          {t('approvals.reject')}
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </section>

      <section aria-labelledby="approvals-recent">
        <Title order={2} size="h4" id="approvals-recent" mb="xs">
          {t('approvals.recent')}
        </Title>
        {recent.data?.length ? (
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('diag.when')}</Table.Th>
                <Table.Th>{t('action.label')}</Table.Th>
                <Table.Th>{t('approvals.case')}</Table.Th>
                <Table.Th>{t('diag.status')}</Table.Th>
                <Table.Th>{t('approvals.requestedBy')}</Table.Th>
                <Table.Th>{t('approvals.approvedBy')}</Table.Th>
                <Table.Th>{t('action.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {recent.data.map((a) => (
                <Table.Tr key={a.actionId}>
                  <Table.Td>
                    <DateTime value={a.decidedAt ?? a.createdAt} />
                  </Table.Td>
                  <Table.Td>{t(`action.name.${a.action}`, { defaultValue: a.action })}</Table.Td>
                  <Table.Td>{caseLinks(a)}</Table.Td>
                  <Table.Td>
                    <Tag variant="light">{t(`status.${a.status}`, { defaultValue: a.status })}</Tag>
                  </Table.Td>
                  <Table.Td>{who(a.requestedBy)}</Table.Td>
                  <Table.Td>{who(a.approvedBy)}</Table.Td>
                  <Table.Td>{a.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text c="gray.7">{t('diag.none')}</Text>
        )}
      </section>
    </Stack>
  );
}
