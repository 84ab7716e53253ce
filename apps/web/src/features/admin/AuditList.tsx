import { Loader, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { useAudit, type AuditEntry } from './api';

/** The fields that changed between the record before and after (staff and office data only; never a secret). */
function changes(e: AuditEntry): string {
  if (!e.before || !e.after) return '';
  return Object.keys(e.after)
    .filter((k) => !['updatedAt', 'createdAt'].includes(k))
    .filter((k) => JSON.stringify(e.before?.[k]) !== JSON.stringify(e.after?.[k]))
    .map((k) => `${k}: ${JSON.stringify(e.before?.[k] ?? null)} → ${JSON.stringify(e.after?.[k] ?? null)}`)
    .join('; ');
}

export function AuditList({ targetType, targetId }: { targetType: 'USER' | 'OFFICE'; targetId: string }) {
  const { t } = useTranslation('admin');
  const audit = useAudit(targetType, targetId);
  return (
    <section aria-labelledby="audit">
      <Title order={2} size="h4" id="audit" mb="xs">
        {t('audit.title')}
      </Title>
      {audit.error ? <ApiErrorAlert error={audit.error} /> : null}
      {audit.isPending ? <Loader aria-label={t('loading')} /> : null}
      {audit.data && !audit.data.length ? <Text c="gray.7">{t('audit.none')}</Text> : null}
      {audit.data?.length ? (
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.who')}</Table.Th>
              <Table.Th>{t('audit.what')}</Table.Th>
              <Table.Th>{t('audit.changes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {audit.data.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <DateTime value={e.at} />
                </Table.Td>
                <Table.Td>{e.actorUsername}</Table.Td>
                <Table.Td>{t(`audit.action.${e.action}`, { defaultValue: e.action })}</Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {changes(e)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </section>
  );
}
