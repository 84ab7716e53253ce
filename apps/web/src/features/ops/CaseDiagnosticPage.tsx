import { Anchor, Code, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Notice, Tag } from './ui';
import { Link, useParams } from 'react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { PageTitle } from '../../components/PageTitle';
import { useSession } from '../../session/session';
import { useDiagnostic } from './api';
import { CaseActionForm } from './CaseActionForm';
import { shortId } from './format';
import { OpsNav } from './OpsNav';
import { BULL_BOARD_PATH } from './temporal-link';
import type { CaseDiagnostic, WorkflowDiagnostic } from './types';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.7" component="dt">
        {label}
      </Text>
      <Text size="sm" component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

function isWorkflow(w: CaseDiagnostic['workflow']): w is WorkflowDiagnostic {
  return !!w && !('error' in w);
}

/**
 * One case as operations see it (GET /ops/cases/:id): D0 and the engine's side (workflow, pending activities, timers,
 * reminders, findings, the operations audit), links to Temporal's UI and bull-board, and the actions form.
 */
export function CaseDiagnosticPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation('ops');
  const { user } = useSession();
  const diag = useDiagnostic(caseId);
  const d = diag.data;
  const wf = d && isWorkflow(d.workflow) ? d.workflow : null;
  const who = (id: string | null) => (id === null ? '—' : id === user.id ? t('you') : shortId(id));

  return (
    <Stack gap="md">
      <OpsNav />
      <PageTitle text={d ? t('diag.title', { reference: d.reference }) : t('diag.loadingTitle')} />
      {diag.error ? <ApiErrorAlert error={diag.error} /> : null}
      {diag.isPending ? <Loader aria-label={t('loading')} /> : null}
      {d ? (
        <>
          <Group gap="md">
            <Anchor c="blue.8" href={d.temporalUi.caseRuns} target="_blank" rel="noopener">
              {t('diag.temporalLink')}
            </Anchor>
            {d.temporalUi.run ? (
              <Anchor c="blue.8" href={d.temporalUi.run} target="_blank" rel="noopener">
                {t('diag.temporalRunLink')}
              </Anchor>
            ) : null}
            <Anchor c="blue.8" href={BULL_BOARD_PATH} target="_blank" rel="noopener">
              {t('nav.queues')}
            </Anchor>
          </Group>

          {d.stuck.length ? (
            <Notice color="orange" title={t('diag.stuckTitle')}>
              <Stack gap={4}>
                {d.stuck.map((s) => (
                  <Text size="sm" key={`${s.kind}-${s.reason}`}>
                    <Tag size="sm" variant="light" color={s.kind === 'TECHNICAL' ? 'red' : 'orange'} me={6}>
                      {t(`kind.${s.kind}`)}
                    </Tag>
                    {t(`reason.${s.reason}.label`, { defaultValue: s.reason })} · {t('diag.since')}{' '}
                    <DateTime value={s.since} /> — {t(`reason.${s.reason}.todo`, { defaultValue: s.suggestedAction })}
                  </Text>
                ))}
              </Stack>
            </Notice>
          ) : (
            <Text size="sm">{t('diag.notStuck')}</Text>
          )}

          <Paper withBorder p="md" component="section" aria-labelledby="diag-case">
            <Title order={2} size="h4" id="diag-case" mb="xs">
              {t('diag.case')}
            </Title>
            <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" m={0}>
              <Field label={t('col.reference')}>{d.reference}</Field>
              <Field label={t('diag.caseId')}>
                <Code>{d.caseId}</Code>
              </Field>
              <Field label={t('col.stage')}>{t(`stages:${d.stage}`, { defaultValue: d.stage })}</Field>
              <Field label={t('diag.version')}>{d.version}</Field>
              <Field label={t('diag.hostOffice')}>{d.hostOffice}</Field>
              <Field label={t('diag.receivingOffice')}>{d.receivingOffice ?? '—'}</Field>
              <Field label={t('col.country')}>{d.countryOfOrigin}</Field>
              <Field label={t('diag.stageEnteredAt')}>
                <DateTime value={d.stageEnteredAt} />
              </Field>
              <Field label={t('diag.updatedAt')}>
                <DateTime value={d.updatedAt} />
              </Field>
              <Field label={t('diag.holds')}>
                {d.holds.length
                  ? d.holds.map((h) => t(`holds.${h.type}`, { defaultValue: h.type })).join(', ')
                  : t('diag.none')}
              </Field>
            </SimpleGrid>
          </Paper>

          <Paper withBorder p="md" component="section" aria-labelledby="diag-workflow">
            <Title order={2} size="h4" id="diag-workflow" mb="xs">
              {t('diag.workflow')}
            </Title>
            {d.workflow === null ? <Text size="sm">{t('diag.noWorkflow')}</Text> : null}
            {d.workflow && 'error' in d.workflow ? (
              <Notice color="red" title={t('diag.temporalError')}>
                <Text size="sm" lang="en">
                  {d.workflow.error}
                </Text>
              </Notice>
            ) : null}
            {wf ? (
              <Stack gap="sm">
                <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" m={0}>
                  <Field label={t('diag.status')}>{wf.status}</Field>
                  <Field label={t('diag.runId')}>
                    <Code>{wf.runId}</Code>
                  </Field>
                  <Field label={t('diag.taskQueue')}>{wf.taskQueue}</Field>
                  <Field label={t('diag.historyLength')}>{wf.historyLength}</Field>
                  <Field label={t('diag.startedAt')}>
                    <DateTime value={wf.startedAt} />
                  </Field>
                  <Field label={t('diag.workflowTask')}>
                    {wf.pendingWorkflowTask
                      ? t('diag.workflowTaskAttempt', {
                          state: wf.pendingWorkflowTask.state,
                          attempt: wf.pendingWorkflowTask.attempt,
                        })
                      : t('diag.none')}
                  </Field>
                </SimpleGrid>
                {wf.lastFailure ? (
                  <Notice color="red" title={t(`diag.lastFailure.${wf.lastFailure.source}`)}>
                    <Text size="sm" lang="en">
                      {wf.lastFailure.message ?? wf.lastFailure.cause}
                    </Text>
                  </Notice>
                ) : null}
                <Title order={3} size="h5">
                  {t('diag.pendingActivities')}
                </Title>
                {wf.pendingActivities.length ? (
                  <Table withTableBorder>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('diag.activity')}</Table.Th>
                        <Table.Th>{t('diag.state')}</Table.Th>
                        <Table.Th>{t('diag.attempt')}</Table.Th>
                        <Table.Th>{t('diag.nextAttempt')}</Table.Th>
                        <Table.Th>{t('diag.failure')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {wf.pendingActivities.map((a, i) => (
                        <Table.Tr key={`${a.activityType}-${i}`}>
                          <Table.Td>
                            <Code>{a.activityType}</Code>
                          </Table.Td>
                          <Table.Td>{a.state}</Table.Td>
                          <Table.Td>{a.attempt}</Table.Td>
                          <Table.Td>
                            <DateTime value={a.nextAttemptAt} />
                          </Table.Td>
                          <Table.Td lang="en">{a.lastFailure ?? '—'}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                ) : (
                  <Text size="sm">{t('diag.none')}</Text>
                )}
                <Title order={3} size="h5">
                  {t('diag.timers')}
                </Title>
                {wf.openTimers.length ? (
                  <Stack gap={2}>
                    {wf.openTimers.map((tm) => (
                      <Text size="sm" key={tm.timerId}>
                        <Code>{tm.timerId}</Code> · <DateTime value={tm.fireAt} />
                      </Text>
                    ))}
                  </Stack>
                ) : (
                  <Text size="sm">{t('diag.none')}</Text>
                )}
              </Stack>
            ) : null}
          </Paper>

          <Paper withBorder p="md" component="section" aria-labelledby="diag-reminders">
            <Title order={2} size="h4" id="diag-reminders" mb="xs">
              {t('diag.reminders')}
            </Title>
            {d.reminders.length ? (
              <Table withTableBorder striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('diag.reminderKind')}</Table.Th>
                    <Table.Th>{t('diag.status')}</Table.Th>
                    <Table.Th>{t('diag.dueAt')}</Table.Th>
                    <Table.Th>{t('diag.firedAt')}</Table.Th>
                    <Table.Th>{t('diag.reminderId')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.reminders.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>{t(`reminderKind.${r.kind}`, { defaultValue: r.kind })}</Table.Td>
                      <Table.Td>{t(`reminderStatus.${r.status}`, { defaultValue: r.status })}</Table.Td>
                      <Table.Td>
                        <DateTime value={r.dueAt} />
                      </Table.Td>
                      <Table.Td>
                        <DateTime value={r.firedAt} />
                      </Table.Td>
                      <Table.Td>
                        <Code>{r.id.length > 24 ? `${r.id.slice(0, 24)}…` : r.id}</Code>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : (
              <Text size="sm">{t('diag.none')}</Text>
            )}
          </Paper>

          <CaseActionForm caseId={d.caseId} reminders={d.reminders} />

          <Paper withBorder p="md" component="section" aria-labelledby="diag-audit">
            <Title order={2} size="h4" id="diag-audit" mb="xs">
              {t('diag.audit')}
            </Title>
            {d.operationsAudit.length ? (
              <Table withTableBorder striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('diag.when')}</Table.Th>
                    <Table.Th>{t('action.label')}</Table.Th>
                    <Table.Th>{t('diag.outcome')}</Table.Th>
                    <Table.Th>{t('approvals.requestedBy')}</Table.Th>
                    <Table.Th>{t('approvals.approvedBy')}</Table.Th>
                    <Table.Th>{t('action.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.operationsAudit.map((a, i) => (
                    <Table.Tr key={`${a.actionId}-${a.outcome}-${i}`}>
                      <Table.Td>
                        <DateTime value={a.recordedAt} />
                      </Table.Td>
                      <Table.Td>{t(`action.name.${a.action}`, { defaultValue: a.action })}</Table.Td>
                      <Table.Td>{t(`outcome.${a.outcome}`, { defaultValue: a.outcome })}</Table.Td>
                      <Table.Td>{who(a.actorId)}</Table.Td>
                      <Table.Td>{who(a.approvedBy)}</Table.Td>
                      <Table.Td>{a.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : (
              <Text size="sm">{t('diag.none')}</Text>
            )}
          </Paper>
          <Anchor c="blue.8" component={Link} to="/console/ops/stuck">
            {t('diag.back')}
          </Anchor>
        </>
      ) : null}
    </Stack>
  );
}
