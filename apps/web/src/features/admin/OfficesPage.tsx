import { Anchor, Button, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Notice } from '../ops/ui';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { useCreateOffice, useOffices } from './api';

/** The office register: every office with its time zone and currency, and a form to add one. */
export function OfficesPage() {
  const { t } = useTranslation('admin');
  const offices = useOffices();
  const create = useCreateOffice();
  const empty = { code: '', kind: 'HOST', country: '', name: '', timeZone: '', currency: '' };
  const [form, setForm] = useState(empty);
  const [created, setCreated] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    const office = await create.mutateAsync({
      code: form.code.trim().toUpperCase(),
      kind: form.kind as 'HOST' | 'COO',
      country: form.country.trim().toUpperCase(),
      name: form.name,
      timeZone: form.timeZone.trim(),
      currency: form.currency.trim() ? form.currency.trim().toUpperCase() : null,
    });
    setCreated(office.code);
    setForm(empty);
  };
  const field = (key: keyof typeof form, label: string, placeholder?: string) => (
    <TextInput
      label={label}
      placeholder={placeholder}
      required={key !== 'currency'}
      value={form[key]}
      onChange={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
    />
  );

  return (
    <Stack gap="md">
      <PageTitle text={t('offices.title')} />
      <Text size="sm">{t('offices.help')}</Text>
      {create.error ? <ApiErrorAlert error={create.error} /> : null}
      {created ? (
        <Notice color="green" role="status">
          {t('offices.created', { code: created })}
        </Notice>
      ) : null}
      <section aria-labelledby="create-office">
        <Title order={2} size="h4" id="create-office" mb="xs">
          {t('offices.create')}
        </Title>
        <form onSubmit={(e) => void submit(e).catch(() => undefined)}>
          <Group align="end" wrap="wrap">
            {field('code', t('offices.code'), 'MA-TNG')}
            <Select
              label={t('offices.kind')}
              data={[
                { value: 'HOST', label: t('offices.kinds.HOST') },
                { value: 'COO', label: t('offices.kinds.COO') },
              ]}
              value={form.kind}
              allowDeselect={false}
              onChange={(v) => setForm({ ...form, kind: v ?? 'HOST' })}
            />
            {field('country', t('offices.country'), 'MA')}
            {field('name', t('offices.name'))}
            {field('timeZone', t('offices.timeZone'), 'Africa/Casablanca')}
            {field('currency', t('offices.currency'), 'MAD')}
            <Button type="submit" loading={create.isPending}>
              {t('offices.createSubmit')}
            </Button>
          </Group>
        </form>
      </section>
      <section aria-labelledby="office-list">
        <Title order={2} size="h4" id="office-list" mb="xs">
          {t('offices.list')}
        </Title>
        {offices.error ? <ApiErrorAlert error={offices.error} /> : null}
        {offices.isPending ? <Loader aria-label={t('loading')} /> : null}
        {offices.data ? (
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('offices.code')}</Table.Th>
                <Table.Th>{t('offices.name')}</Table.Th>
                <Table.Th>{t('offices.kind')}</Table.Th>
                <Table.Th>{t('offices.timeZone')}</Table.Th>
                <Table.Th>{t('offices.currency')}</Table.Th>
                <Table.Th>{t('offices.webhook')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {offices.data.map((o) => (
                <Table.Tr key={o.code} data-office={o.code}>
                  <Table.Td>
                    <Anchor c="blue.8" component={Link} to={`/console/admin/offices/${o.code}`}>
                      {o.code}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{o.name}</Table.Td>
                  <Table.Td>{t(`offices.kinds.${o.kind}`)}</Table.Td>
                  <Table.Td>{o.timeZone}</Table.Td>
                  <Table.Td>{o.currency ?? '—'}</Table.Td>
                  <Table.Td>{o.webhookUrl ? t('offices.webhookSet') : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </section>
    </Stack>
  );
}
