import { NativeSelect, useDirection } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { directionOf, isLanguage, LANGUAGES, setLanguage } from '../i18n';

/** Each language named in itself, so a reader finds theirs whatever the current language. */
const NATIVE_NAMES: Record<string, string> = { en: 'English', fr: 'Français', ar: 'العربية' };

/** The language choice; `persist` stores it for the signed-in user (PUT /me/preferences). */
export function LanguageMenu({ persist = true, onChanged }: { persist?: boolean; onChanged?: (lang: string) => void }) {
  const { t, i18n } = useTranslation();
  const { setDirection } = useDirection();
  const [error, setError] = useState<unknown>(null);
  const change = async (value: string) => {
    if (!isLanguage(value)) return;
    setDirection(directionOf(value));
    setError(null);
    try {
      await setLanguage(value, { persist });
      onChanged?.(value);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <NativeSelect
        label={t('language.label')}
        value={i18n.language}
        data={LANGUAGES.map((l) => ({ value: l, label: NATIVE_NAMES[l] }))}
        onChange={(e) => void change(e.currentTarget.value)}
        size="xs"
      />
      <ApiErrorAlert error={error} />
    </>
  );
}
