import { Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from './ui';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useBulkAction } from './api';
import { ActionResult } from './ActionResult';
import { ReasonField, reasonOk } from './ReasonField';
import { BULK_ACTIONS, type BulkDryRun, type OpsAction, type OpsActionView, type StuckFilter } from './types';

/**
 * One action over every case the current filter matches. A dry run first shows how many cases and which; the
 * confirmation sends that count, and the API refuses (COUNT_CHANGED) if the filter matches another number by then.
 */
export function BulkActionPanel({ filter }: { filter: StuckFilter }) {
  const { t } = useTranslation('ops');
  const bulk = useBulkAction();
  const [action, setAction] = useState<OpsAction>('RETRY');
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState<BulkDryRun | null>(null);
  const [done, setDone] = useState<OpsActionView | null>(null);
  const key = JSON.stringify({ filter, action, reason: reason.trim() });
  const [previewKey, setPreviewKey] = useState('');
  const stale = preview !== null && previewKey !== key;

  const dryRun = async () => {
    setDone(null);
    const r = await bulk.mutateAsync({ action, reason: reason.trim(), filter, dryRun: true });
    setPreview(r as BulkDryRun);
    setPreviewKey(key);
  };
  const confirm = async () => {
    if (!preview) return;
    const r = await bulk.mutateAsync({
      action,
      reason: reason.trim(),
      filter,
      dryRun: false,
      expectedCount: preview.count,
    });
    setDone(r as OpsActionView);
    setPreview(null);
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="ops-bulk">
      <Stack gap="sm">
        <Title order={2} size="h4" id="ops-bulk">
          {t('bulk.title')}
        </Title>
        <Text size="sm">{t('bulk.help')}</Text>
        <NativeSelect
          label={t('action.label')}
          value={action}
          onChange={(e) => setAction(e.currentTarget.value as OpsAction)}
          data={BULK_ACTIONS.map((a) => ({ value: a, label: t(`action.name.${a}`) }))}
          description={t(`action.help.${action}`)}
        />
        <ReasonField id="bulk-reason" value={reason} onChange={setReason} />
        <Group>
          <Button
            color="blue.8"
            onClick={() => void dryRun().catch(() => undefined)}
            disabled={!reasonOk(reason)}
            loading={bulk.isPending}
          >
            {t('bulk.dryRun')}
          </Button>
        </Group>
        {bulk.error ? <ApiErrorAlert error={bulk.error} /> : null}
        {preview ? (
          <Notice color={stale ? 'gray' : 'blue'} title={t('bulk.previewTitle', { n: preview.count })} role="status">
            <Stack gap="xs">
              {preview.needsApproval ? <Text size="sm">{t('bulk.needsApproval')}</Text> : null}
              {preview.cases.length ? (
                <Table withTableBorder>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('col.reference')}</Table.Th>
                      <Table.Th>{t('col.stage')}</Table.Th>
                      <Table.Th>{t('col.office')}</Table.Th>
                      <Table.Th>{t('col.reason')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {preview.cases.map((c) => (
                      <Table.Tr key={c.caseId}>
                        <Table.Td>{c.reference ?? c.caseId}</Table.Td>
                        <Table.Td>{c.stage ? t(`stages:${c.stage}`, { defaultValue: c.stage }) : '—'}</Table.Td>
                        <Table.Td>{c.office ?? '—'}</Table.Td>
                        <Table.Td>
                          {c.reasons.map((r) => t(`reason.${r}.label`, { defaultValue: r })).join(', ')}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : null}
              {stale ? <Text size="sm">{t('bulk.stale')}</Text> : null}
              <Group>
                <Button
                  color="red.8"
                  onClick={() => void confirm().catch(() => undefined)}
                  disabled={stale || preview.count === 0}
                  loading={bulk.isPending}
                >
                  {t('bulk.confirm', { n: preview.count, action: t(`action.name.${action}`) })}
                </Button>
              </Group>
            </Stack>
          </Notice>
        ) : null}
        {done ? <ActionResult result={done} /> : null}
      </Stack>
    </Paper>
  );
}
