import { Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Tag } from '../ops/ui';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { Money } from '../../components/Money';
import { useSession } from '../../session/session';
import { useApplyCommand } from '../case/api';
import type { Tranche } from './types';

const STATUS_COLOR: Record<string, string> = {
  PLANNED: 'gray',
  REQUESTED: 'blue',
  APPROVED: 'yellow',
  PAID: 'green',
  CANCELLED: 'dark',
};

/** The API's rule for a payment reference (CODE in apps/api/src/cases/dto/commands/rules.ts). */
const PAYMENT_REF = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/;

export type Who = (userId: string | undefined) => string;

/**
 * The tranches of the plan with the two-person rule in plain view: who requested, who approved, who paid. Approving
 * is open to finance on a REQUESTED tranche (not one's own request), paying on an APPROVED one, by another finance
 * officer than the approver: the button says why it is not for you. The API enforces both rules
 * (SEGREGATION_OF_DUTIES); the screen only explains them before the click.
 */
export function TranchesTable({
  caseId,
  version,
  tranches,
  who,
  canDecide,
}: {
  caseId: string;
  version: number;
  tranches: Tranche[];
  who: Who;
  canDecide: boolean;
}) {
  const { t } = useTranslation('finance');
  const { user } = useSession();
  const command = useApplyCommand(caseId);
  const [refs, setRefs] = useState<Record<string, string>>({});
  // The key, not the sentence: the confirmation follows a change of language.
  const [done, setDone] = useState<{ key: 'done.approved' | 'done.paid'; tranche: string } | null>(null);

  const run = (type: 'ApproveTranche' | 'RecordTranchePayment', tr: Tranche) => {
    setDone(null);
    const payload =
      type === 'ApproveTranche'
        ? { trancheId: tr.trancheId }
        : { trancheId: tr.trancheId, paymentRef: refs[tr.trancheId]?.trim() };
    command.mutate(
      { input: { type, payload }, expectedVersion: version },
      {
        onSuccess: () =>
          setDone({ key: type === 'ApproveTranche' ? 'done.approved' : 'done.paid', tranche: tr.trancheId }),
      },
    );
  };

  return (
    <Stack gap="sm">
      {command.error ? <ApiErrorAlert error={command.error} /> : null}
      {done ? (
        <Text role="status" fw={600}>
          {t(done.key, { tranche: done.tranche })}
        </Text>
      ) : null}
      <Table withTableBorder striped verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('tranche.id')}</Table.Th>
            <Table.Th>{t('tranche.amount')}</Table.Th>
            <Table.Th>{t('tranche.status')}</Table.Th>
            <Table.Th>{t('tranche.payee')}</Table.Th>
            <Table.Th>{t('tranche.conditions')}</Table.Th>
            <Table.Th>{t('tranche.twoPerson')}</Table.Th>
            <Table.Th>{t('tranche.action')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tranches.map((tr) => {
            const approvedByMe = !!tr.approvedBy && tr.approvedBy === user.id;
            const requestedByMe = !!tr.requestedBy && tr.requestedBy === user.id;
            const ref = refs[tr.trancheId] ?? '';
            return (
              <Table.Tr key={tr.trancheId} data-tranche={tr.trancheId}>
                <Table.Td>
                  <Text fw={600}>{tr.trancheId}</Text>
                  {tr.dueDate ? (
                    <Text size="xs">
                      {t('tranche.due')} <DateTime value={tr.dueDate} />
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Money amount={tr.amount} currency={tr.currency} />
                  {tr.localAmount != null && tr.localCurrency ? (
                    <Text size="xs">
                      <Money amount={tr.localAmount} currency={tr.localCurrency} />
                    </Text>
                  ) : null}
                  <Text size="xs">{t(`modality.${tr.modality}`, { defaultValue: tr.modality })}</Text>
                </Table.Td>
                <Table.Td>
                  <Tag color={STATUS_COLOR[tr.status]} variant="light">
                    {t(`status.${tr.status}`)}
                  </Tag>
                </Table.Td>
                <Table.Td>
                  <code dir="ltr">{tr.payeeRef}</code>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">
                    {tr.conditions.length
                      ? tr.conditions.map((c) => t(`condition.${c}`, { defaultValue: c })).join(' · ')
                      : t('tranche.noConditions')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Text size="xs">
                      {t('tranche.requestedBy')}: {tr.requestedBy ? who(tr.requestedBy) : '—'}
                      {tr.requestedAt ? (
                        <>
                          {' · '}
                          <DateTime value={tr.requestedAt} />
                        </>
                      ) : null}
                    </Text>
                    <Text size="xs">
                      {t('tranche.approvedBy')}: {tr.approvedBy ? who(tr.approvedBy) : '—'}
                      {tr.approvedAt ? (
                        <>
                          {' · '}
                          <DateTime value={tr.approvedAt} />
                        </>
                      ) : null}
                    </Text>
                    <Text size="xs">
                      {t('tranche.paidBy')}: {tr.paidBy ? who(tr.paidBy) : '—'}
                      {tr.paidAt ? (
                        <>
                          {' · '}
                          <DateTime value={tr.paidAt} />
                        </>
                      ) : null}
                      {tr.paymentRef ? (
                        <>
                          {' '}
                          · <code dir="ltr">{tr.paymentRef}</code>
                        </>
                      ) : null}
                    </Text>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {canDecide && tr.status === 'REQUESTED' ? (
                    <Stack gap={4}>
                      <Button
                        color="blue.8"
                        size="compact-sm"
                        onClick={() => run('ApproveTranche', tr)}
                        disabled={requestedByMe}
                        loading={command.isPending}
                        aria-describedby={requestedByMe ? `own-${tr.trancheId}` : undefined}
                      >
                        {t('action.approve', { tranche: tr.trancheId })}
                      </Button>
                      {requestedByMe ? (
                        <Text size="xs" id={`own-${tr.trancheId}`}>
                          {t('rule.ownRequest')}
                        </Text>
                      ) : null}
                    </Stack>
                  ) : null}
                  {canDecide && tr.status === 'APPROVED' ? (
                    <Stack gap={4}>
                      <TextInput
                        size="xs"
                        label={t('action.paymentRef', { tranche: tr.trancheId })}
                        description={t('action.paymentRefHelp')}
                        value={ref}
                        disabled={approvedByMe}
                        onChange={(e) => setRefs({ ...refs, [tr.trancheId]: e.currentTarget.value })}
                        error={ref && !PAYMENT_REF.test(ref.trim()) ? t('action.paymentRefInvalid') : undefined}
                      />
                      <Group gap="xs">
                        <Button
                          size="compact-sm"
                          color="blue.8"
                          onClick={() => run('RecordTranchePayment', tr)}
                          disabled={approvedByMe || !PAYMENT_REF.test(ref.trim())}
                          loading={command.isPending}
                          aria-describedby={approvedByMe ? `rule-${tr.trancheId}` : undefined}
                        >
                          {t('action.pay', { tranche: tr.trancheId })}
                        </Button>
                      </Group>
                      {approvedByMe ? (
                        <Text size="xs" c="red.9" id={`rule-${tr.trancheId}`} data-testid="two-person-rule">
                          {t('rule.approverCannotPay')}
                        </Text>
                      ) : null}
                    </Stack>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
