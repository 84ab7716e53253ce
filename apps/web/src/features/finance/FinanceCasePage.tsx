import { Anchor, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Notice } from '../ops/ui';
import { Link, useParams } from 'react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Money } from '../../components/Money';
import { BudgetFigures } from '../../components/BudgetFigures';
import { PageTitle } from '../../components/PageTitle';
import { useSession } from '../../session/session';
import { useFinanceCase } from './api';
import { useActorNames } from './people';
import { TranchesTable } from './TranchesTable';

/**
 * A case as finance sees it (the API's finance view): the plan's money, the budget (envelope, committed, paid,
 * remaining) and the tranches with the two-person rule. Payees are shown as the API sends them to finance.
 */
export function FinanceCasePage() {
  const { caseId = '' } = useParams();
  const { t, i18n } = useTranslation('finance');
  const { user } = useSession();
  const view = useFinanceCase(caseId);
  const actors = useActorNames(caseId);
  const c = view.data;
  const r = c?.reintegration ?? null;
  const who = (id: string | undefined) => {
    if (!id) return '—';
    if (id === user.id) return t('you');
    const a = actors.get(id);
    if (a?.name) return a.name;
    return a?.role
      ? t('otherUser', { role: t(`role.${a.role}`, { defaultValue: a.role }), id: id.slice(0, 8) })
      : id.slice(0, 8);
  };

  return (
    <Stack gap="md">
      <Anchor c="blue.8" component={Link} to="/console/finance">
        {t('back')}
      </Anchor>
      <PageTitle text={c ? t('case.title', { reference: c.reference }) : t('case.loading')} />
      {view.error ? <ApiErrorAlert error={view.error} /> : null}
      {view.isPending ? <Loader aria-label={t('loading')} /> : null}
      {c ? (
        <>
          <Text size="sm">
            {t(`stages:${c.stage}`, { defaultValue: c.stage })} · {c.receivingOffice ?? c.hostOffice ?? ''}
          </Text>
          {!r || !r.plan ? <Notice color="gray">{t('case.noPlan')}</Notice> : null}
          {r?.budget ? (
            <Paper withBorder p="md" component="section" aria-labelledby="fin-budget">
              <Title order={2} size="h4" id="fin-budget" mb="xs">
                {t('budget.title')}
              </Title>
              <BudgetFigures
                budget={r.budget}
                labels={{
                  envelope: t('budget.envelope'),
                  committed: t('budget.committed'),
                  paid: t('budget.paid'),
                  remaining: t('budget.remaining'),
                }}
              />
              {r.plan?.exchangeRate ? (
                <Text size="sm" mt="xs">
                  {t('budget.rate')} {/* A formula, read left to right in every language. */}
                  <span dir="ltr">
                    1 {r.plan.currency} ={' '}
                    {new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 4 }).format(
                      r.plan.exchangeRate.rate,
                    )}{' '}
                    {r.plan.exchangeRate.currency}
                  </span>
                </Text>
              ) : null}
            </Paper>
          ) : null}
          {r?.tranches.length ? (
            <Paper withBorder p="md" component="section" aria-labelledby="fin-tranches">
              <Title order={2} size="h4" id="fin-tranches" mb="xs">
                {t('tranches.title')}
              </Title>
              <Text size="sm" mb="xs">
                {t('rule.explain')}
              </Text>
              <TranchesTable
                caseId={c.caseId}
                version={c.version}
                tranches={r.tranches}
                who={who}
                canDecide={user.role === 'finance'}
              />
            </Paper>
          ) : null}
          {r?.plan?.activities.length ? (
            <Paper withBorder p="md" component="section" aria-labelledby="fin-activities">
              <Title order={2} size="h4" id="fin-activities" mb="xs">
                {t('activities.title')}
              </Title>
              <Table withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('activities.id')}</Table.Th>
                    <Table.Th>{t('activities.type')}</Table.Th>
                    <Table.Th>{t('activities.budget')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.plan.activities.map((a) => (
                    <Table.Tr key={a.activityId}>
                      <Table.Td>{a.activityId}</Table.Td>
                      <Table.Td>
                        {t(`counterpart:dimension.${a.dimension}`, { defaultValue: a.dimension })} ·{' '}
                        {t(`counterpart:level.${a.level}`, { defaultValue: a.level })} ·{' '}
                        {t(`counterpart:activityType.${a.type}`, { defaultValue: a.type })}
                      </Table.Td>
                      <Table.Td>
                        <Money amount={a.budget} currency={r.plan!.currency} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          ) : null}
          {c.payees?.length ? (
            <Paper withBorder p="md" component="section" aria-labelledby="fin-payees">
              <Title order={2} size="h4" id="fin-payees" mb="xs">
                {t('payees.title')}
              </Title>
              <Stack gap={2}>
                {c.payees.map((p) => (
                  <Text size="sm" key={p.memberId}>
                    {[p.givenName, p.familyName].filter(Boolean).join(' ') || p.memberId.slice(0, 8)}
                    {p.relationship
                      ? ` · ${t(`commands:values.${p.relationship}`, { defaultValue: p.relationship })}`
                      : ''}
                    {p.phone ? ' · ' : ''}
                    {p.phone ? <span dir="ltr">{p.phone}</span> : null}
                  </Text>
                ))}
              </Stack>
            </Paper>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}
