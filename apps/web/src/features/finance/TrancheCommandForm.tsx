import { Button, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../components/Money';
import { useSession } from '../../session/session';
import type { CommandFormProps } from '../case/command-form-types';
import type { Tranche, TrancheStatus } from './types';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/;

/** Which tranches each command applies to (the rules in libs/domain reintegration/rules.ts; the API decides). */
const ELIGIBLE: Record<string, TrancheStatus[]> = {
  RequestTranche: ['PLANNED'],
  ApproveTranche: ['REQUESTED'],
  RecordTranchePayment: ['APPROVED'],
  CancelTranche: ['PLANNED', 'REQUESTED', 'APPROVED'],
};

/**
 * RequestTranche, ApproveTranche, RecordTranchePayment and CancelTranche in the case's command panel: the tranche
 * chosen from the plan (not typed), with the payment reference or the cancellation reason where the command needs
 * one. The two-person rule is said before sending: who approved a tranche does not record its payment.
 */
export function TrancheCommandForm({ commandType, caseView, submit, busy }: CommandFormProps) {
  const { t, i18n } = useTranslation('finance');
  const { user } = useSession();
  const all: Tranche[] = (caseView.reintegration as { tranches?: Tranche[] } | undefined)?.tranches ?? [];
  const tranches = all.filter((x) => (ELIGIBLE[commandType] ?? []).includes(x.status));
  const [trancheId, setTrancheId] = useState(tranches[0]?.trancheId ?? '');
  const [paymentRef, setPaymentRef] = useState('');
  const [reasonCode, setReasonCode] = useState('');
  const chosen = tranches.find((x) => x.trancheId === trancheId);
  const pay = commandType === 'RecordTranchePayment';
  const cancel = commandType === 'CancelTranche';
  const approverCannotPay = pay && !!chosen?.approvedBy && chosen.approvedBy === user.id;
  const ownRequest = commandType === 'ApproveTranche' && !!chosen?.requestedBy && chosen.requestedBy === user.id;
  const ok =
    !!chosen &&
    (!pay || CODE.test(paymentRef)) &&
    (!cancel || CODE.test(reasonCode)) &&
    !approverCannotPay &&
    !ownRequest;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit({
      trancheId,
      ...(pay ? { paymentRef } : {}),
      ...(cancel ? { reasonCode } : {}),
    }).catch(() => undefined); // the command panel shows the API's answer
  };

  if (!tranches.length) return <Text size="sm">{t('form.noTranche')}</Text>;
  return (
    <form onSubmit={onSubmit} aria-label={t(`commands:types.${commandType}`, { defaultValue: commandType })}>
      <Stack gap="sm">
        <NativeSelect
          label={t('form.tranche')}
          value={trancheId}
          onChange={(e) => setTrancheId(e.currentTarget.value)}
          data={tranches.map((x) => ({
            value: x.trancheId,
            label: `${x.trancheId} · ${formatMoney(x.amount, x.currency, i18n.language)} · ${t(`status.${x.status}`)}`,
          }))}
        />
        {pay ? (
          <TextInput
            label={t('form.paymentRef')}
            description={t('action.paymentRefHelp')}
            required
            value={paymentRef}
            onChange={(e) => setPaymentRef(e.currentTarget.value.trim())}
          />
        ) : null}
        {cancel ? (
          <TextInput
            label={t('form.reasonCode')}
            required
            value={reasonCode}
            onChange={(e) => setReasonCode(e.currentTarget.value.trim().toUpperCase())}
          />
        ) : null}
        {approverCannotPay ? (
          <Text size="sm" c="red.9">
            {t('rule.approverCannotPay')}
          </Text>
        ) : null}
        {ownRequest ? (
          <Text size="sm" c="red.9">
            {t('rule.ownRequest')}
          </Text>
        ) : null}
        <div>
          <Button color="blue.8" type="submit" loading={busy} disabled={!ok}>
            {t(`form.submit.${commandType}`, { defaultValue: t('form.submit.default') })}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
