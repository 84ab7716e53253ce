import { Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The API's rule (ops.dto.ts): a reason of 10 to 500 characters, trimmed; it goes to the case's operations audit. */
export const REASON_MIN = 10;
export const REASON_MAX = 500;
export const reasonOk = (r: string) => r.trim().length >= REASON_MIN && r.trim().length <= REASON_MAX;

export function ReasonField({ value, onChange, id }: { value: string; onChange: (v: string) => void; id: string }) {
  const { t } = useTranslation('ops');
  const short = value.length > 0 && value.trim().length < REASON_MIN;
  return (
    <Textarea
      id={id}
      label={t('action.reason')}
      description={t('action.reasonHelp', { min: REASON_MIN })}
      required
      autosize
      minRows={2}
      maxLength={REASON_MAX}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={short ? t('action.reasonShort', { min: REASON_MIN }) : undefined}
    />
  );
}
