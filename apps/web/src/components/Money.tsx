import { useTranslation } from 'react-i18next';

export function formatMoney(amount: number, currency: string, lang: string): string {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(amount);
  } catch (_unknownCurrency) {
    return `${new Intl.NumberFormat(lang).format(amount)} ${currency}`;
  }
}

/** An amount in its currency, localised (digits, separators, symbol placement). */
export function Money({ amount, currency }: { amount?: number | null; currency?: string | null }) {
  const { i18n } = useTranslation();
  if (amount == null || !currency) return <span>—</span>;
  return <span>{formatMoney(amount, currency, i18n.language)}</span>;
}
