import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../ops/ui';
import { Money } from '../../components/Money';
import type { CommandFormProps } from '../case/command-form-types';
import { ACTIVITY_TYPES, DIMENSIONS, isCode, LEVELS, MODALITIES, TRANCHE_CONDITIONS } from './codes';
import { reintegrationOf } from './types';

interface MilestoneRow {
  milestoneId: string;
  dueDate: string;
  code: string;
}
interface ActivityRow {
  activityId: string;
  dimension: (typeof DIMENSIONS)[number];
  level: (typeof LEVELS)[number];
  type: (typeof ACTIVITY_TYPES)[number];
  budget: number;
  milestones: MilestoneRow[];
}
interface TrancheRow {
  amount: number;
  dueDate: string;
  modality: '' | (typeof MODALITIES)[number];
  payeeRef: string;
  conditions: (typeof TRANCHE_CONDITIONS)[number][] | null;
}

const cents = (x: number) => Math.round(x * 100);
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

function blankActivity(n: number): ActivityRow {
  return {
    activityId: `A-${n}`,
    dimension: 'ECONOMIC',
    level: 'INDIVIDUAL',
    type: 'BUSINESS',
    budget: 0,
    milestones: [],
  };
}

/**
 * The reintegration plan (AgreePlan, and AmendPlan with its reason): activities by dimension (economic, social,
 * psychosocial) and level (individual, community, structural) with their budgets and milestones, the tranches that
 * release the budget, and the returnee's signature. Totals are checked as the counterpart types: the plan total is
 * the sum of the activities, the tranches add up to it; an amendment stays within the remaining budget. Above the
 * programme ceiling the engine asks for a supervisor (SUPERVISOR_APPROVAL_REQUIRED).
 */
export function PlanEditorForm({ commandType, caseView, submit, busy }: CommandFormProps) {
  const { t } = useTranslation('counterpart');
  const amend = commandType === 'AmendPlan';
  const r = reintegrationOf(caseView);
  const current = r?.plan;
  const [activities, setActivities] = useState<ActivityRow[]>(() =>
    amend && current
      ? current.activities.map((a) => ({
          activityId: a.activityId,
          dimension: a.dimension as ActivityRow['dimension'],
          level: a.level as ActivityRow['level'],
          type: a.type as ActivityRow['type'],
          budget: a.budget,
          milestones: [],
        }))
      : [blankActivity(1)],
  );
  const [currency, setCurrency] = useState(current?.currency ?? 'EUR');
  const [localCurrency, setLocalCurrency] = useState(current?.exchangeRate?.currency ?? '');
  const [rate, setRate] = useState<number | ''>(current?.exchangeRate?.rate ?? '');
  const [modality, setModality] = useState<(typeof MODALITIES)[number]>(
    (current?.modality as (typeof MODALITIES)[number]) ?? 'CASH',
  );
  const [tranches, setTranches] = useState<TrancheRow[]>([
    { amount: 0, dueDate: '', modality: '', payeeRef: '', conditions: null },
  ]);
  const [signed, setSigned] = useState(false);
  const [signatureRef, setSignatureRef] = useState('');
  const [reasonCode, setReasonCode] = useState('');

  const total = useMemo(() => activities.reduce((s, a) => s + cents(a.budget || 0), 0) / 100, [activities]);
  const trancheTotal = useMemo(() => tranches.reduce((s, x) => s + cents(x.amount || 0), 0) / 100, [tranches]);
  const byDimension = DIMENSIONS.map((d) => ({
    d,
    sum: activities.filter((a) => a.dimension === d).reduce((s, a) => s + cents(a.budget || 0), 0) / 100,
  }));
  const byLevel = LEVELS.map((l) => ({
    l,
    sum: activities.filter((a) => a.level === l).reduce((s, a) => s + cents(a.budget || 0), 0) / 100,
  }));
  const remaining = amend ? r?.budget?.remaining : undefined;

  const problems: string[] = [];
  if (!activities.length) problems.push(t('plan.problem.noActivity'));
  if (!(total > 0)) problems.push(t('plan.problem.noBudget'));
  if (cents(trancheTotal) !== cents(total)) problems.push(t('plan.problem.tranchesTotal'));
  if (!/^[A-Z]{3}$/.test(currency)) problems.push(t('plan.problem.currency'));
  if ((localCurrency || rate !== '') && !(/^[A-Z]{3}$/.test(localCurrency) && typeof rate === 'number' && rate > 0))
    problems.push(t('plan.problem.rate'));
  if (
    activities.some(
      (a) =>
        !isCode(a.activityId) ||
        a.milestones.some((m) => !isCode(m.milestoneId) || !isCode(m.code) || !isDate(m.dueDate)),
    )
  )
    problems.push(t('plan.problem.codes'));
  if (tranches.some((x) => !(x.amount > 0) || !isCode(x.payeeRef) || (x.dueDate && !isDate(x.dueDate))))
    problems.push(t('plan.problem.tranches'));
  if (!isCode(signatureRef)) problems.push(t('plan.problem.signature'));
  if (amend && !isCode(reasonCode)) problems.push(t('plan.problem.reason'));
  if (remaining !== undefined && cents(total) > cents(remaining)) problems.push(t('plan.problem.aboveRemaining'));

  const setActivity = (i: number, patch: Partial<ActivityRow>) =>
    setActivities(activities.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  const setMilestone = (i: number, k: number, patch: Partial<MilestoneRow>) =>
    setActivity(i, { milestones: activities[i].milestones.map((m, j) => (j === k ? { ...m, ...patch } : m)) });
  const setTranche = (i: number, patch: Partial<TrancheRow>) =>
    setTranches(tranches.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const payload: Record<string, unknown> = {
      activities: activities.map((a) => ({ ...a, budget: a.budget || 0 })),
      budget: total,
      currency,
      ...(localCurrency && typeof rate === 'number' ? { exchangeRate: { currency: localCurrency, rate } } : {}),
      modality,
      tranches: tranches.map((x) => ({
        amount: x.amount,
        payeeRef: x.payeeRef.trim(),
        ...(x.dueDate ? { dueDate: x.dueDate } : {}),
        ...(x.modality ? { modality: x.modality } : {}),
        ...(x.conditions ? { conditions: x.conditions } : {}),
      })),
      returneeSigned: signed,
      signatureRef: signatureRef.trim(),
      ...(amend ? { reasonCode: reasonCode.trim() } : {}),
    };
    void submit(payload).catch(() => undefined); // the command panel shows the API's answer
  };

  const money = (x: number) => <Money amount={x} currency={/^[A-Z]{3}$/.test(currency) ? currency : 'EUR'} />;

  return (
    <form onSubmit={onSubmit} aria-label={t(amend ? 'plan.amendLabel' : 'plan.agreeLabel')}>
      <Stack gap="sm">
        {amend ? (
          <TextInput
            label={t('plan.reasonCode')}
            description={t('plan.codeHelp')}
            required
            value={reasonCode}
            onChange={(e) => setReasonCode(e.currentTarget.value.toUpperCase())}
          />
        ) : null}
        <Group grow align="flex-start">
          <TextInput
            label={t('plan.currency')}
            required
            maxLength={3}
            value={currency}
            onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
          />
          <NativeSelect
            label={t('plan.modality')}
            value={modality}
            onChange={(e) => setModality(e.currentTarget.value as typeof modality)}
            data={MODALITIES.map((m) => ({ value: m, label: t(`modality.${m}`) }))}
          />
          <TextInput
            label={t('plan.localCurrency')}
            maxLength={3}
            value={localCurrency}
            onChange={(e) => setLocalCurrency(e.currentTarget.value.toUpperCase())}
          />
          <NumberInput
            label={t('plan.rate')}
            description={t('plan.rateHelp', { currency, local: localCurrency || '…' })}
            min={0}
            decimalScale={6}
            value={rate}
            onChange={(v) => setRate(typeof v === 'number' ? v : '')}
          />
        </Group>

        <Title order={4} size="h5">
          {t('plan.activities')}
        </Title>
        {activities.map((a, i) => (
          <Fieldset key={i} legend={t('plan.activityN', { n: i + 1 })}>
            <SimpleGrid cols={{ base: 1, sm: 5 }}>
              <TextInput
                label={t('plan.activityId')}
                required
                value={a.activityId}
                onChange={(e) => setActivity(i, { activityId: e.currentTarget.value.toUpperCase() })}
              />
              <NativeSelect
                label={t('plan.dimension')}
                value={a.dimension}
                onChange={(e) => setActivity(i, { dimension: e.currentTarget.value as ActivityRow['dimension'] })}
                data={DIMENSIONS.map((d) => ({ value: d, label: t(`dimension.${d}`) }))}
              />
              <NativeSelect
                label={t('plan.level')}
                value={a.level}
                onChange={(e) => setActivity(i, { level: e.currentTarget.value as ActivityRow['level'] })}
                data={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
              />
              <NativeSelect
                label={t('plan.type')}
                value={a.type}
                onChange={(e) => setActivity(i, { type: e.currentTarget.value as ActivityRow['type'] })}
                data={ACTIVITY_TYPES.map((x) => ({ value: x, label: t(`activityType.${x}`) }))}
              />
              <NumberInput
                label={t('plan.budget', { currency })}
                required
                min={0}
                decimalScale={2}
                value={a.budget}
                onChange={(v) => setActivity(i, { budget: typeof v === 'number' ? v : 0 })}
              />
            </SimpleGrid>
            {a.milestones.map((m, k) => (
              <Group key={k} align="flex-end" mt="xs" grow>
                <TextInput
                  label={t('plan.milestoneId', { n: k + 1 })}
                  value={m.milestoneId}
                  onChange={(e) => setMilestone(i, k, { milestoneId: e.currentTarget.value.toUpperCase() })}
                />
                <TextInput
                  label={t('plan.milestoneCode', { n: k + 1 })}
                  description={t('plan.codeHelp')}
                  value={m.code}
                  onChange={(e) => setMilestone(i, k, { code: e.currentTarget.value.toUpperCase() })}
                />
                <TextInput
                  type="date"
                  label={t('plan.milestoneDue', { n: k + 1 })}
                  value={m.dueDate}
                  onChange={(e) => setMilestone(i, k, { dueDate: e.currentTarget.value })}
                />
                <Button
                  variant="default"
                  c="red.9"
                  onClick={() => setActivity(i, { milestones: a.milestones.filter((_, j) => j !== k) })}
                >
                  {t('plan.removeMilestone', { n: k + 1 })}
                </Button>
              </Group>
            ))}
            <Group mt="xs">
              <Button
                variant="default"
                size="xs"
                onClick={() =>
                  setActivity(i, {
                    milestones: [
                      ...a.milestones,
                      {
                        milestoneId: `M-${a.activityId.replace(/^A-/, '')}-${a.milestones.length + 1}`,
                        code: '',
                        dueDate: '',
                      },
                    ],
                  })
                }
              >
                {t('plan.addMilestone')}
              </Button>
              {activities.length > 1 ? (
                <Button
                  variant="default"
                  c="red.9"
                  size="xs"
                  onClick={() => setActivities(activities.filter((_, j) => j !== i))}
                >
                  {t('plan.removeActivity', { n: i + 1 })}
                </Button>
              ) : null}
            </Group>
          </Fieldset>
        ))}
        <div>
          <Button
            variant="default"
            onClick={() => setActivities([...activities, blankActivity(activities.length + 1)])}
          >
            {t('plan.addActivity')}
          </Button>
        </div>

        <Title order={4} size="h5">
          {t('plan.tranches')}
        </Title>
        {tranches.map((x, i) => (
          <Fieldset key={i} legend={t('plan.trancheN', { n: i + 1 })}>
            <SimpleGrid cols={{ base: 1, sm: 4 }}>
              <NumberInput
                label={t('plan.amount', { currency })}
                required
                min={0}
                decimalScale={2}
                value={x.amount}
                onChange={(v) => setTranche(i, { amount: typeof v === 'number' ? v : 0 })}
              />
              <TextInput
                label={t('plan.payeeRef')}
                description={t('plan.payeeHelp')}
                required
                value={x.payeeRef}
                onChange={(e) => setTranche(i, { payeeRef: e.currentTarget.value.toUpperCase() })}
              />
              <TextInput
                type="date"
                label={t('plan.dueDate')}
                value={x.dueDate}
                onChange={(e) => setTranche(i, { dueDate: e.currentTarget.value })}
              />
              <NativeSelect
                label={t('plan.trancheModality')}
                value={x.modality}
                onChange={(e) => setTranche(i, { modality: e.currentTarget.value as TrancheRow['modality'] })}
                data={[
                  { value: '', label: t('plan.asPlan') },
                  ...MODALITIES.map((m) => ({ value: m, label: t(`modality.${m}`) })),
                ]}
              />
            </SimpleGrid>
            <Checkbox.Group
              mt="xs"
              label={t('plan.conditions')}
              description={t('plan.conditionsHelp')}
              value={x.conditions ?? []}
              onChange={(v) => setTranche(i, { conditions: v.length ? v : null })}
            >
              <Group mt={4}>
                {TRANCHE_CONDITIONS.map((c) => (
                  <Checkbox key={c} value={c} label={t(`condition.${c}`)} />
                ))}
              </Group>
            </Checkbox.Group>
            {tranches.length > 1 ? (
              <Button
                mt="xs"
                variant="default"
                c="red.9"
                size="xs"
                onClick={() => setTranches(tranches.filter((_, j) => j !== i))}
              >
                {t('plan.removeTranche', { n: i + 1 })}
              </Button>
            ) : null}
          </Fieldset>
        ))}
        <Group>
          <Button
            variant="default"
            onClick={() =>
              setTranches([
                ...tranches,
                {
                  amount: Math.max(0, (cents(total) - cents(trancheTotal)) / 100),
                  dueDate: '',
                  modality: '',
                  payeeRef: '',
                  conditions: null,
                },
              ])
            }
          >
            {t('plan.addTranche')}
          </Button>
        </Group>

        <Table withTableBorder w="auto" aria-label={t('plan.summary')}>
          <Table.Tbody>
            {byDimension.map(({ d, sum }) => (
              <Table.Tr key={d}>
                <Table.Th scope="row">{t(`dimension.${d}`)}</Table.Th>
                <Table.Td>{money(sum)}</Table.Td>
              </Table.Tr>
            ))}
            {byLevel.map(({ l, sum }) => (
              <Table.Tr key={l}>
                <Table.Th scope="row">{t(`level.${l}`)}</Table.Th>
                <Table.Td>{money(sum)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">{t('plan.total')}</Table.Th>
              <Table.Td fw={700}>{money(total)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('plan.tranchesTotal', { n: tranches.length })}</Table.Th>
              <Table.Td>{money(trancheTotal)}</Table.Td>
            </Table.Tr>
            {remaining !== undefined ? (
              <Table.Tr>
                <Table.Th scope="row">{t('plan.remaining')}</Table.Th>
                <Table.Td>{money(remaining)}</Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
        <Text size="sm">{t('plan.ceilingRule')}</Text>
        {current?.aboveCeiling ? <Text size="sm">{t('plan.currentAboveCeiling')}</Text> : null}

        <Group align="flex-end">
          <Checkbox label={t('plan.signed')} checked={signed} onChange={(e) => setSigned(e.currentTarget.checked)} />
          <TextInput
            label={t('plan.signatureRef')}
            description={t('plan.codeHelp')}
            required
            value={signatureRef}
            onChange={(e) => setSignatureRef(e.currentTarget.value.toUpperCase())}
          />
        </Group>
        {problems.length ? (
          <Notice color="yellow" title={t('plan.problemsTitle')}>
            <Stack gap={2}>
              {problems.map((p) => (
                <Text size="sm" key={p}>
                  {p}
                </Text>
              ))}
            </Stack>
          </Notice>
        ) : null}
        <div>
          <Button color="blue.8" type="submit" loading={busy} disabled={problems.length > 0}>
            {t(amend ? 'plan.submitAmend' : 'plan.submitAgree')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
