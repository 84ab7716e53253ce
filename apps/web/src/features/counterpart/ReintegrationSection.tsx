import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Notice, Tag } from '../ops/ui';
import { DateTime } from '../../components/DateTime';
import { Money } from '../../components/Money';
import { BudgetFigures } from '../../components/BudgetFigures';
import { Figure } from '../../components/Figure';
import { TranchesTable, type Who } from '../finance/TranchesTable';
import { RssRecompute } from './RssRecompute';
import { ScoreTable } from './ScoreTable';
import type { PlanActivity, ReintegrationView } from './types';

/**
 * The reintegration part of a case as the API gives it: handover, assessment, plan (by dimension and level) with its
 * budget, milestones with their evidence, tranches, monitoring visits, the RSS results with the engine's scores,
 * referrals, follow-ups and closure. Read-only: the commands are in the command panel.
 */
export function ReintegrationSection({
  caseId,
  version,
  r,
  who,
}: {
  caseId: string;
  version: number;
  r: ReintegrationView;
  who: Who;
}) {
  const { t } = useTranslation('counterpart');
  const plan = r.plan;
  const evidenceOf = (ids: string[]) => r.evidence.filter((e) => ids.includes(e.evidenceId));
  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="section" aria-labelledby="ri-handover">
        <Title order={2} size="h4" id="ri-handover" mb="xs">
          {t('handover.title')}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" m={0}>
          <Figure label={t('handover.arrivedAt')}>
            <DateTime value={r.handover.arrivedAt} />
          </Figure>
          <Figure label={t('handover.dueOn')}>
            <DateTime value={r.handover.dueOn} />
          </Figure>
          <Figure label={t('handover.acknowledgedAt')}>
            {r.handover.acknowledgedAt ? <DateTime value={r.handover.acknowledgedAt} /> : t('handover.notYet')}
          </Figure>
          <Figure label={t('handover.consent')}>{r.continuityOfCareConsent ? t('yes') : t('no')}</Figure>
        </SimpleGrid>
        {r.handover.overdue ? (
          <Notice color="orange" mt="xs">
            {t('handover.overdue')}
          </Notice>
        ) : null}
        {r.assessments.length ? (
          <Text size="sm" mt="xs">
            {t('assessment.needs')}:{' '}
            {r.assessments[r.assessments.length - 1].needs.map((n) => t(`need.${n}`, { defaultValue: n })).join(', ')} ·{' '}
            {t('assessment.skills')}:{' '}
            {r.assessments[r.assessments.length - 1].skills.map((s) => t(`skill.${s}`, { defaultValue: s })).join(', ')}
          </Text>
        ) : null}
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="ri-plan">
        <Title order={2} size="h4" id="ri-plan" mb="xs">
          {plan ? t('planView.title', { version: plan.planVersion }) : t('planView.none')}
        </Title>
        {plan ? (
          <Stack gap="sm">
            {r.budget ? (
              <BudgetFigures
                budget={r.budget}
                labels={{
                  envelope: t('planView.envelope'),
                  committed: t('planView.committed'),
                  paid: t('planView.paid'),
                  remaining: t('planView.remaining'),
                }}
              />
            ) : null}
            {plan.aboveCeiling ? (
              <Text size="sm">
                {t('planView.aboveCeiling', {
                  role: t(`role.${plan.approvedByRole ?? 'supervisor'}`, { defaultValue: plan.approvedByRole }),
                })}
              </Text>
            ) : null}
            <ActivitiesTable activities={plan.activities} currency={plan.currency} />
          </Stack>
        ) : null}
      </Paper>

      {r.pendingAmendment ? <PendingAmendment amendment={r.pendingAmendment} /> : null}

      {r.milestones.length ? (
        <Paper withBorder p="md" component="section" aria-labelledby="ri-milestones">
          <Title order={2} size="h4" id="ri-milestones" mb="xs">
            {t('milestone.title')}
          </Title>
          <Table withTableBorder striped data-testid="milestones">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('milestone.id')}</Table.Th>
                <Table.Th>{t('milestone.what')}</Table.Th>
                <Table.Th>{t('milestone.due')}</Table.Th>
                <Table.Th>{t('milestone.status')}</Table.Th>
                <Table.Th>{t('milestone.evidence')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.milestones.map((m) => (
                <Table.Tr key={m.milestoneId} data-milestone={m.milestoneId}>
                  <Table.Td>{m.milestoneId}</Table.Td>
                  <Table.Td>
                    {t(`milestoneCode.${m.code}`, { defaultValue: m.code })} · {m.activityId}
                  </Table.Td>
                  <Table.Td>
                    <DateTime value={m.dueDate} />
                  </Table.Td>
                  <Table.Td>
                    <Tag
                      variant="default"
                      color={m.status === 'DONE' ? 'green' : m.status === 'PLANNED' ? 'gray' : 'blue'}
                    >
                      {t(`milestoneStatus.${m.status}`, { defaultValue: m.status })}
                    </Tag>
                    {m.reasonCode ? <Text size="xs">{m.reasonCode}</Text> : null}
                  </Table.Td>
                  <Table.Td>
                    {m.evidenceIds.length
                      ? evidenceOf(m.evidenceIds).map((e) => (
                          <Text size="xs" key={e.evidenceId}>
                            {e.evidenceId} · {e.contentType} ·{' '}
                            <code title={e.checksum}>{e.checksum.slice(0, 12)}…</code>
                          </Text>
                        ))
                      : '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : null}

      {r.tranches.length ? (
        <Paper withBorder p="md" component="section" aria-labelledby="ri-tranches">
          <Title order={2} size="h4" id="ri-tranches" mb="xs">
            {t('tranches.title')}
          </Title>
          <TranchesTable caseId={caseId} version={version} tranches={r.tranches} who={who} canDecide={false} />
        </Paper>
      ) : null}

      <Paper withBorder p="md" component="section" aria-labelledby="ri-monitoring">
        <Title order={2} size="h4" id="ri-monitoring" mb="xs">
          {t('monitoring.title')}
        </Title>
        {r.monitoring.planned.length ? (
          <Group gap="xs" mb="xs">
            {r.monitoring.planned.map((p) => (
              <Tag
                key={p.visitNo}
                variant="default"
                color={p.status === 'DONE' ? 'green' : p.status === 'DUE' ? 'orange' : 'gray'}
              >
                {t('monitoring.visitN', { n: p.visitNo })} ·{' '}
                {t(`monitoring.status.${p.status}`, { defaultValue: p.status })} · <DateTime value={p.dueOn} />
              </Tag>
            ))}
          </Group>
        ) : null}
        {r.monitoring.visits.length ? (
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('monitoring.when')}</Table.Th>
                <Table.Th>{t('rss.mode')}</Table.Th>
                <Table.Th>{t('monitoring.findings')}</Table.Th>
                <Table.Th>{t('monitoring.business')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.monitoring.visits.map((v, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    <DateTime value={v.effectiveAt} />
                  </Table.Td>
                  <Table.Td>{t(`mode.${v.mode}`, { defaultValue: v.mode })}</Table.Td>
                  <Table.Td>{v.findings.map((f) => t(`finding.${f}`, { defaultValue: f })).join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    {v.businessStatus
                      ? t(`businessStatus.${v.businessStatus}`, { defaultValue: v.businessStatus })
                      : '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="gray.7">
            {t('monitoring.none')}
          </Text>
        )}
        {r.monitoring.failedContactAttempts ? (
          <Text size="sm" mt="xs">
            {t('monitoring.failedContacts', { n: r.monitoring.failedContactAttempts })}
          </Text>
        ) : null}
        {r.monitoring.lostContactRuleMet ? (
          <Notice color="orange" mt="xs">
            {t('monitoring.lostContact')}
          </Notice>
        ) : null}
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="ri-rss">
        <Title order={2} size="h4" id="ri-rss" mb="xs">
          {t('rss.title')}
        </Title>
        {r.rss.length ? (
          <Stack gap="md">
            {r.rss.map((s) => (
              <div key={s.rssId} data-rss={s.rssId}>
                <Text size="sm" fw={600}>
                  {t(`rss.timings.${s.timing}`, { defaultValue: s.timing })} ·{' '}
                  {t(`mode.${s.mode}`, { defaultValue: s.mode })} · <DateTime value={s.effectiveAt} /> ·{' '}
                  {s.instrumentVersion} · {t('rss.weightsVersion', { version: s.weightsVersion })}
                </Text>
                <ScoreTable score={s} caption={t('rss.engineScores')} />
                <RssRecompute
                  caseId={caseId}
                  rssId={s.rssId}
                  instrumentVersion={s.instrumentVersion}
                  weightsVersion={s.weightsVersion}
                />
              </div>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="gray.7">
            {t('rss.none')}
          </Text>
        )}
        {r.followUps.length ? (
          <Stack gap={2} mt="sm">
            {r.followUps.map((f) => (
              <Text size="sm" key={f.followUpId}>
                {t('followUp.line', {
                  id: f.followUpId,
                  dimensions: f.dimensions
                    .map((d) => (d === 'COMPOSITE' ? t('rss.composite') : t(`dimension.${d}`)))
                    .join(', '),
                  status: t(`followUp.status.${f.status}`, { defaultValue: f.status }),
                })}
                {f.action ? ` · ${t(`followUp.action.${f.action}`, { defaultValue: f.action })}` : ''}
              </Text>
            ))}
          </Stack>
        ) : null}
      </Paper>

      {r.referrals?.length ? (
        <Paper withBorder p="md" component="section" aria-labelledby="ri-referrals">
          <Title order={2} size="h4" id="ri-referrals" mb="xs">
            {t('referral.title')}
          </Title>
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('referral.id')}</Table.Th>
                <Table.Th>{t('referral.service')}</Table.Th>
                <Table.Th>{t('referral.provider')}</Table.Th>
                <Table.Th>{t('referral.status')}</Table.Th>
                <Table.Th>{t('referral.referredAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.referrals.map((f) => (
                <Table.Tr key={f.referralId}>
                  <Table.Td>{f.referralId}</Table.Td>
                  <Table.Td>{t(`referral.services.${f.service}`, { defaultValue: f.service })}</Table.Td>
                  <Table.Td>{f.providerRef}</Table.Td>
                  <Table.Td>
                    {t(`referral.statuses.${f.status}`, { defaultValue: f.status })}
                    {f.satisfaction ? ` · ${t('referral.satisfaction', { n: f.satisfaction })}` : ''}
                  </Table.Td>
                  <Table.Td>
                    <DateTime value={f.referredAt} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : null}

      {r.closure ? (
        <Notice color="gray" title={t('closure.title')}>
          {t(`closure.reasons.${r.closure.reason}`, { defaultValue: r.closure.reason })} ·{' '}
          <DateTime value={r.closure.effectiveAt} />
        </Notice>
      ) : null}
    </Stack>
  );
}

/** A plan's activities by dimension, level and type, with their budget (the agreed plan and a drafted amendment). */
function ActivitiesTable({ activities, currency }: { activities: readonly PlanActivity[]; currency: string }) {
  const { t } = useTranslation('counterpart');
  return (
    <Table withTableBorder striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('plan.activityId')}</Table.Th>
          <Table.Th>{t('plan.dimension')}</Table.Th>
          <Table.Th>{t('plan.level')}</Table.Th>
          <Table.Th>{t('plan.type')}</Table.Th>
          <Table.Th>{t('planView.budget')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {activities.map((a) => (
          <Table.Tr key={a.activityId}>
            <Table.Td>{a.activityId}</Table.Td>
            <Table.Td>{t(`dimension.${a.dimension}`, { defaultValue: a.dimension })}</Table.Td>
            <Table.Td>{t(`level.${a.level}`, { defaultValue: a.level })}</Table.Td>
            <Table.Td>{t(`activityType.${a.type}`, { defaultValue: a.type })}</Table.Td>
            <Table.Td>
              <Money amount={a.budget} currency={currency} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * A drafted amendment waiting for a supervisor (brief 5.3 AmendPlan): the pending version beside the agreed one, with
 * the returnee's agreement; the supervisor approves or rejects it from the command panel.
 */
function PendingAmendment({ amendment: a }: { amendment: NonNullable<ReintegrationView['pendingAmendment']> }) {
  const { t } = useTranslation('counterpart');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="ri-amendment">
      <Title order={2} size="h4" id="ri-amendment" mb="xs">
        {t('amendment.title', { version: a.planVersion })}
      </Title>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 2, sm: 3 }} component="dl" m={0}>
          <Figure label={t('amendment.reason')}>{a.reasonCode}</Figure>
          <Figure label={t('planView.budget')}>
            <Money amount={a.budget} currency={a.currency} />
          </Figure>
          <Figure label={t('amendment.modality')}>{t(`modality.${a.modality}`, { defaultValue: a.modality })}</Figure>
          <Figure label={t('amendment.tranches')}>
            {a.trancheAmounts.map((x, i) => (
              <span key={i}>
                {i > 0 ? ' + ' : ''}
                <Money amount={x} currency={a.currency} />
              </span>
            ))}
          </Figure>
          <Figure label={t('amendment.returnee')}>
            {a.returneeSigned ? t('amendment.signed') : t('amendment.notSigned')}
          </Figure>
          <Figure label={t('amendment.drafted')}>
            <DateTime value={a.effectiveAt} />
          </Figure>
        </SimpleGrid>
        <ActivitiesTable activities={a.activities} currency={a.currency} />
      </Stack>
    </Paper>
  );
}
