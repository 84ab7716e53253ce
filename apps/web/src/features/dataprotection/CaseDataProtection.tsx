import { Badge, Card, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { useSession } from '../../session/session';
import { useCaseTransfers } from './api';

/** A consent per purpose as the case view carries it (shown to the readers the disclosure policy gives it to). */
interface ConsentRow {
  consentRef: string;
  memberId: string;
  purpose: string;
  formVersion: string;
  language: string;
  interpreterUsed: boolean;
  signatory: string;
  thumbprint: boolean;
  capacityConcern: boolean;
  status: 'GIVEN' | 'WITHDRAWN';
  givenAt: string;
  withdrawnAt?: string;
}

/** The consents per purpose of a case, every version (the case page of officers and supervisors). */
export function ConsentsCard({ consents, names }: { consents?: ConsentRow[]; names: Map<string, string> }) {
  const { t } = useTranslation(['dataprotection', 'commands']);
  return (
    <Card withBorder component="section" aria-labelledby="consents-title">
      <Title order={2} size="h3" id="consents-title" mb="sm">
        {t('consents.title')}
      </Title>
      {!consents?.length ? (
        <Text size="sm">{t('consents.none')}</Text>
      ) : (
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('consents.member')}</Table.Th>
              <Table.Th>{t('consents.purpose')}</Table.Th>
              <Table.Th>{t('consents.version')}</Table.Th>
              <Table.Th>{t('consents.language')}</Table.Th>
              <Table.Th>{t('consents.signatory')}</Table.Th>
              <Table.Th>{t('consents.capacity')}</Table.Th>
              <Table.Th>{t('consents.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {consents.map((c) => (
              <Table.Tr key={c.consentRef}>
                <Table.Td>{names.get(c.memberId) ?? c.memberId}</Table.Td>
                <Table.Td>{t(`commands:values.${c.purpose}`, { defaultValue: c.purpose })}</Table.Td>
                <Table.Td>{c.formVersion}</Table.Td>
                <Table.Td>
                  {c.language}
                  {c.interpreterUsed ? ` · ${t('consents.interpreter')}` : ''}
                </Table.Td>
                <Table.Td>
                  {t(`commands:values.${c.signatory}`, { defaultValue: c.signatory })}
                  {c.thumbprint ? ` · ${t('consents.thumbprint')}` : ''}
                </Table.Td>
                <Table.Td>{c.capacityConcern ? t('consents.yes') : t('consents.no')}</Table.Td>
                <Table.Td>
                  <Badge color={c.status === 'GIVEN' ? 'green' : 'gray'}>{t(`consents.${c.status}`)}</Badge>{' '}
                  <DateTime value={c.withdrawnAt ?? c.givenAt} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

const TRANSFER_READERS = ['officer', 'supervisor', 'protection', 'dpo'];

/** What left the organisation for this case (for the roles the API lets read it). */
export function TransfersCard({ caseId }: { caseId: string }) {
  const { user } = useSession();
  if (!TRANSFER_READERS.includes(user.role)) return null;
  return <TransfersTable caseId={caseId} />;
}

function TransfersTable({ caseId }: { caseId: string }) {
  const { t } = useTranslation('dataprotection');
  const transfers = useCaseTransfers(caseId);
  return (
    <Card withBorder component="section" aria-labelledby="transfers-title">
      <Title order={2} size="h3" id="transfers-title" mb="sm">
        {t('transfers.caseTitle')}
      </Title>
      {transfers.error ? <ApiErrorAlert error={transfers.error} /> : null}
      {transfers.data?.length ? (
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('transfers.at')}</Table.Th>
              <Table.Th>{t('transfers.recipient')}</Table.Th>
              <Table.Th>{t('transfers.items')}</Table.Th>
              <Table.Th>{t('transfers.legalBasis')}</Table.Th>
              <Table.Th>{t('transfers.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {transfers.data.map((x) => (
              <Table.Tr key={x.transferId}>
                <Table.Td>
                  <DateTime value={x.at} />
                </Table.Td>
                <Table.Td>
                  {t(`kind.${x.recipientKind}`)} · {x.recipientName}
                </Table.Td>
                <Table.Td>{x.items.map((i) => t(`item.${i}`, { defaultValue: i })).join(', ')}</Table.Td>
                <Table.Td>
                  {t(`basis.${x.legalBasis.kind}`)} {x.legalBasis.ref}
                </Table.Td>
                <Table.Td>{t(`status.${x.status}`, { defaultValue: x.status })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm">{t('transfers.caseNone')}</Text>
      )}
    </Card>
  );
}
