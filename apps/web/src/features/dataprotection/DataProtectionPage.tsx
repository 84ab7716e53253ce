import { Alert, Button, Group, Loader, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { PageTitle } from '../../components/PageTitle';
import {
  useAccessRequest,
  useAccessRequests,
  TRANSFER_DECISION_REASONS,
  useDecideTransfer,
  useIncidents,
  usePendingTransfers,
  useReadLog,
  useRecordIncident,
  type IncidentInput,
} from './api';

/** Approve or reject one transfer, with the reason the API keeps beside the decision (§13 principle 13). */
function TransferDecision({ transferId, recipient }: { transferId: string; recipient: string }) {
  const { t } = useTranslation('dataprotection');
  const decide = useDecideTransfer();
  const [reason, setReason] = useState<string | null>(null);
  const decision = (TRANSFER_DECISION_REASONS.approve as readonly string[]).includes(reason ?? '')
    ? 'approve'
    : 'reject';
  return (
    <Stack gap={4}>
      {decide.error ? <ApiErrorAlert error={decide.error} /> : null}
      <Select
        size="xs"
        label={t('transfers.reason', { recipient })}
        placeholder={t('transfers.chooseReason')}
        data={[
          {
            group: t('transfers.approveReasons'),
            items: TRANSFER_DECISION_REASONS.approve.map((r) => ({ value: r, label: t(`reason.${r}`) })),
          },
          {
            group: t('transfers.rejectReasons'),
            items: TRANSFER_DECISION_REASONS.reject.map((r) => ({ value: r, label: t(`reason.${r}`) })),
          },
        ]}
        value={reason}
        onChange={setReason}
      />
      <Button
        size="xs"
        color={decision === 'approve' ? undefined : 'red'}
        variant={decision === 'approve' ? 'filled' : 'light'}
        disabled={!reason}
        loading={decide.isPending}
        onClick={() => reason && decide.mutate({ transferId, decision, reasonCode: reason })}
      >
        {t(decision === 'approve' && reason ? 'transfers.approve' : reason ? 'transfers.reject' : 'transfers.decide')}
      </Button>
    </Stack>
  );
}

/** Transfers outside the allow-lists, waiting for the focal point: approve or reject each. */
function PendingTransfers() {
  const { t } = useTranslation('dataprotection');
  const pending = usePendingTransfers();
  return (
    <section aria-labelledby="dp-transfers">
      <Title order={2} size="h4" id="dp-transfers" mb="xs">
        {t('transfers.title')}
      </Title>
      {pending.error ? <ApiErrorAlert error={pending.error} /> : null}
      {pending.isPending ? <Loader aria-label={t('loading')} /> : null}
      {pending.data && !pending.data.length ? <Text c="gray.7">{t('transfers.none')}</Text> : null}
      {pending.data?.length ? (
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('transfers.recipient')}</Table.Th>
              <Table.Th>{t('transfers.purpose')}</Table.Th>
              <Table.Th>{t('transfers.items')}</Table.Th>
              <Table.Th>{t('transfers.outside')}</Table.Th>
              <Table.Th>{t('transfers.legalBasis')}</Table.Th>
              <Table.Th>{t('transfers.decision')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pending.data.map((x) => (
              <Table.Tr key={x.transferId}>
                <Table.Td>
                  {t(`kind.${x.recipientKind}`)} · {x.recipientName}
                </Table.Td>
                <Table.Td>{x.purpose}</Table.Td>
                <Table.Td>{x.items.map((i) => t(`item.${i}`, { defaultValue: i })).join(', ')}</Table.Td>
                <Table.Td>{x.outsideItems.map((i) => t(`item.${i}`, { defaultValue: i })).join(', ')}</Table.Td>
                <Table.Td>
                  {t(`basis.${x.legalBasis.kind}`)} {x.legalBasis.ref}
                </Table.Td>
                <Table.Td>
                  <TransferDecision transferId={x.transferId} recipient={x.recipientName} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </section>
  );
}

/** An access request: the export of one person's data, as JSON and a printable document (both downloadable). */
function AccessRequests() {
  const { t } = useTranslation('dataprotection');
  const [caseId, setCaseId] = useState('');
  const [memberId, setMemberId] = useState('');
  const request = useAccessRequest();
  const list = useAccessRequests();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    request.mutate({ caseId: caseId.trim(), memberId: memberId.trim(), channel: 'IN_PERSON' });
  };
  const download = (name: string, type: string, content: string) => {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section aria-labelledby="dp-access">
      <Title order={2} size="h4" id="dp-access" mb="xs">
        {t('access.title')}
      </Title>
      <form onSubmit={submit}>
        <Group align="end">
          <TextInput label={t('access.caseId')} value={caseId} onChange={(e) => setCaseId(e.currentTarget.value)} />
          <TextInput
            label={t('access.memberId')}
            value={memberId}
            onChange={(e) => setMemberId(e.currentTarget.value)}
          />
          <Button type="submit" loading={request.isPending}>
            {t('access.submit')}
          </Button>
        </Group>
      </form>
      {request.error ? <ApiErrorAlert error={request.error} /> : null}
      {request.data ? (
        <Alert color="green" mt="sm" title={t('access.done')}>
          <Group>
            <Button
              size="xs"
              variant="light"
              onClick={() =>
                download(
                  `access-${request.data.request.requestId}.json`,
                  'application/json',
                  JSON.stringify(request.data.data, null, 2),
                )
              }
            >
              {t('access.downloadJson')}
            </Button>
            <Button
              size="xs"
              variant="light"
              onClick={() =>
                download(`access-${request.data.request.requestId}.html`, 'text/html', request.data.document.content)
              }
            >
              {t('access.downloadDocument')}
            </Button>
          </Group>
        </Alert>
      ) : null}
      {list.data?.length ? (
        <Table withTableBorder striped mt="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('when')}</Table.Th>
              <Table.Th>{t('access.caseId')}</Table.Th>
              <Table.Th>{t('access.memberId')}</Table.Th>
              <Table.Th>{t('access.hash')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((r) => (
              <Table.Tr key={r.requestId}>
                <Table.Td>
                  <DateTime value={r.recordedAt} />
                </Table.Td>
                <Table.Td>{r.caseId}</Table.Td>
                <Table.Td>{r.memberId}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.exportSha256}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </section>
  );
}

const KINDS = ['UNAUTHORISED_ACCESS', 'LOSS_OF_DEVICE', 'WRONG_RECIPIENT', 'DISCLOSURE', 'SYSTEM_BREACH', 'OTHER'];

function Incidents() {
  const { t } = useTranslation('dataprotection');
  const list = useIncidents();
  const record = useRecordIncident();
  const [kind, setKind] = useState<string | null>('OTHER');
  const [severity, setSeverity] = useState<string | null>('LOW');
  const [description, setDescription] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate(
      {
        kind: (kind ?? 'OTHER') as IncidentInput['kind'],
        severity: (severity ?? 'LOW') as 'LOW' | 'MEDIUM' | 'HIGH',
        occurredAt: new Date().toISOString(),
        description,
      },
      { onSuccess: () => setDescription('') },
    );
  };
  return (
    <section aria-labelledby="dp-incidents">
      <Title order={2} size="h4" id="dp-incidents" mb="xs">
        {t('incidents.title')}
      </Title>
      <form onSubmit={submit}>
        <Group align="end">
          <Select
            label={t('incidents.kind')}
            data={KINDS.map((k) => ({ value: k, label: t(`incidentKind.${k}`) }))}
            value={kind}
            onChange={setKind}
          />
          <Select
            label={t('incidents.severity')}
            data={['LOW', 'MEDIUM', 'HIGH'].map((s) => ({ value: s, label: t(`severity.${s}`) }))}
            value={severity}
            onChange={setSeverity}
          />
          <Textarea
            label={t('incidents.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            required
          />
          <Button type="submit" loading={record.isPending}>
            {t('incidents.submit')}
          </Button>
        </Group>
      </form>
      {record.error ? <ApiErrorAlert error={record.error} /> : null}
      {list.data?.length ? (
        <Table withTableBorder striped mt="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('when')}</Table.Th>
              <Table.Th>{t('incidents.kind')}</Table.Th>
              <Table.Th>{t('incidents.severity')}</Table.Th>
              <Table.Th>{t('incidents.description')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((i) => (
              <Table.Tr key={i.incidentId}>
                <Table.Td>
                  <DateTime value={i.occurredAt} />
                </Table.Td>
                <Table.Td>{t(`incidentKind.${i.kind}`, { defaultValue: i.kind })}</Table.Td>
                <Table.Td>{t(`severity.${i.severity}`)}</Table.Td>
                <Table.Td>{i.description}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text c="gray.7">{t('incidents.none')}</Text>
      )}
    </section>
  );
}

function ReadLog() {
  const { t } = useTranslation(['dataprotection', 'common']);
  const log = useReadLog();
  return (
    <section aria-labelledby="dp-reads">
      <Title order={2} size="h4" id="dp-reads" mb="xs">
        {t('reads.title')}
      </Title>
      {log.error ? <ApiErrorAlert error={log.error} /> : null}
      {log.data && !log.data.length ? <Text c="gray.7">{t('reads.none')}</Text> : null}
      {log.data?.length ? (
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('when')}</Table.Th>
              <Table.Th>{t('reads.case')}</Table.Th>
              <Table.Th>{t('reads.role')}</Table.Th>
              <Table.Th>{t('reads.via')}</Table.Th>
              <Table.Th>{t('reads.categories')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {log.data.map((r, i) => (
              <Table.Tr key={`${r.caseId}-${r.readAt}-${i}`}>
                <Table.Td>
                  <DateTime value={r.readAt} />
                </Table.Td>
                <Table.Td>{r.caseId}</Table.Td>
                <Table.Td>{t(`common:roles.${r.role}`, { defaultValue: r.role })}</Table.Td>
                <Table.Td>{r.via}</Table.Td>
                <Table.Td>{r.categories.join(', ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </section>
  );
}

/** The data protection focal point's desk (AVRR.md §13). */
export function DataProtectionPage() {
  const { t } = useTranslation('dataprotection');
  return (
    <Stack gap="xl">
      <PageTitle text={t('title')} />
      <PendingTransfers />
      <AccessRequests />
      <Incidents />
      <ReadLog />
    </Stack>
  );
}
