import { Anchor, Button, Checkbox, Group, Loader, Stack, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Notice } from '../ops/ui';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { useOffices, useUpdateOffice } from './api';
import { AuditList } from './AuditList';

const DAYS = [1, 2, 3, 4, 5, 6, 0];

/**
 * One office: name, IANA time zone, ISO 4217 currency, weekend days, holidays (one ISO date a line) and the webhook
 * address (kind and country are fixed once created; SLA overrides stay with the API for now). The API validates it all.
 */
export function OfficeEditPage() {
  const { t, i18n } = useTranslation('admin');
  const { code = '' } = useParams();
  const offices = useOffices();
  const update = useUpdateOffice();
  const office = offices.data?.find((o) => o.code === code);
  const [form, setForm] = useState({
    name: '',
    timeZone: '',
    currency: '',
    weekendDays: [] as number[],
    holidays: '',
    webhookUrl: '',
  });
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (office)
      setForm({
        name: office.name,
        timeZone: office.timeZone,
        currency: office.currency ?? '',
        weekendDays: office.weekendDays,
        holidays: office.holidays.join('\n'),
        webhookUrl: office.webhookUrl ?? '',
      });
  }, [office]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    await update.mutateAsync({
      code,
      body: {
        name: form.name,
        timeZone: form.timeZone.trim(),
        currency: form.currency.trim() ? form.currency.trim().toUpperCase() : null,
        weekendDays: form.weekendDays,
        holidays: form.holidays.split(/\s+/).filter(Boolean),
        // Only when changed; an emptied field removes the webhook (null, which the API reads as "remove").
        ...(form.webhookUrl.trim() !== (office?.webhookUrl ?? '')
          ? { webhookUrl: (form.webhookUrl.trim() || null) as string }
          : {}),
      },
    });
    setSaved(true);
  };
  const weekday = (d: number) =>
    new Intl.DateTimeFormat(i18n.language, { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2026, 0, 4 + d)),
    );

  return (
    <Stack gap="md">
      <Anchor c="blue.8" component={Link} to="/console/admin/offices">
        {t('offices.back')}
      </Anchor>
      <PageTitle
        text={office ? t('offices.editTitle', { code: office.code, name: office.name }) : t('offices.title')}
      />
      {offices.isPending ? <Loader aria-label={t('loading')} /> : null}
      {offices.data && !office ? <Notice color="red">{t('offices.notFound')}</Notice> : null}
      {update.error ? <ApiErrorAlert error={update.error} /> : null}
      {saved ? (
        <Notice color="green" role="status">
          {t('offices.saved')}
        </Notice>
      ) : null}
      {office ? (
        <form onSubmit={(e) => void submit(e).catch(() => undefined)}>
          <Stack gap="sm" maw={560}>
            <TextInput
              label={t('offices.name')}
              required
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
            <TextInput
              label={t('offices.timeZone')}
              required
              value={form.timeZone}
              onChange={(e) => setForm({ ...form, timeZone: e.currentTarget.value })}
            />
            <TextInput
              label={t('offices.currency')}
              value={form.currency}
              onChange={(e) => setForm({ ...form, currency: e.currentTarget.value })}
            />
            <Checkbox.Group
              label={t('offices.weekendDays')}
              value={form.weekendDays.map(String)}
              onChange={(v) => setForm({ ...form, weekendDays: v.map(Number) })}
            >
              <Group gap="sm" mt="xs">
                {DAYS.map((d) => (
                  <Checkbox key={d} value={String(d)} label={weekday(d)} />
                ))}
              </Group>
            </Checkbox.Group>
            <Textarea
              label={t('offices.holidays')}
              description={t('offices.holidaysHelp')}
              autosize
              minRows={3}
              value={form.holidays}
              onChange={(e) => setForm({ ...form, holidays: e.currentTarget.value })}
            />
            <TextInput
              label={t('offices.webhook')}
              placeholder="https://"
              value={form.webhookUrl}
              onChange={(e) => setForm({ ...form, webhookUrl: e.currentTarget.value })}
            />
            <Group>
              <Button type="submit" loading={update.isPending}>
                {t('save')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
      {office ? <AuditList targetType="OFFICE" targetId={office.code} /> : null}
    </Stack>
  );
}
