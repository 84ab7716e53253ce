import { Button, Group, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components';
import { useCaseList, type CaseQuery } from './api';
import { CaseTable } from './CaseTable';

/** Search by reference or name (q), date of birth, phone: the API normalises, scopes and shapes the answer. */
export function SearchPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [phone, setPhone] = useState('');
  const [query, setQuery] = useState<CaseQuery | null>(null);
  const list = useCaseList(query ?? {}, query !== null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: CaseQuery = {
      ...(q.trim() ? { q: q.trim() } : {}),
      ...(dateOfBirth ? { dateOfBirth } : {}),
      ...(phone.trim() ? { phone: phone.trim() } : {}),
    };
    setQuery(Object.keys(next).length ? next : null);
  };

  return (
    <>
      <PageTitle text={t('nav.search')} />
      <form onSubmit={submit} role="search" aria-label={t('search.label')}>
        <Group align="end" mb="md">
          <TextInput label={t('search.q')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
          <TextInput
            type="date"
            label={t('search.dateOfBirth')}
            value={dateOfBirth}
            onChange={(e) => setDateOfBirth(e.currentTarget.value)}
          />
          <TextInput
            type="tel"
            label={t('search.phone')}
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
          />
          <Button type="submit">{t('search.submit')}</Button>
        </Group>
      </form>
      {query && <CaseTable list={list} caption={t('search.results')} />}
    </>
  );
}
