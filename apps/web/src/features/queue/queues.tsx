import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../api/types';
import { PageTitle } from '../../components';
import { useCaseList } from './api';
import { CaseTable } from './CaseTable';

/**
 * The queues are one API call, GET /cases?awaiting=mine (what awaits this user, as the API decides it), grouped by
 * the task awaited: the grouping is presentation; every case the API returned is in the work queue.
 */
const awaits =
  (...commands: string[]) =>
  (c: CaseSummary) =>
    (c.awaiting ?? []).some((a) => commands.includes(a));

export function WorkQueuePage() {
  const { t } = useTranslation();
  const list = useCaseList({ awaiting: 'mine' });
  return (
    <>
      <PageTitle text={t('nav.queue')} />
      <CaseTable list={list} caption={t('queue.caption')} />
    </>
  );
}

export const APPROVAL_COMMANDS = ['Approve', 'RecordNoShowReview', 'AmendPlan', 'SupervisorOverride', 'Cancel'];

export function ApprovalsPage() {
  const { t } = useTranslation();
  const list = useCaseList({ awaiting: 'mine' });
  return (
    <>
      <PageTitle text={t('nav.approvals')} />
      <CaseTable list={list} filter={awaits(...APPROVAL_COMMANDS)} caption={t('queue.approvalsCaption')} />
    </>
  );
}

export function AssessmentsPage() {
  const { t } = useTranslation();
  const list = useCaseList({ awaiting: 'mine' });
  return (
    <>
      <PageTitle text={t('nav.assessments')} />
      <CaseTable
        list={list}
        filter={awaits('RecordAssessmentResult', 'RecordPreEmbarkationCheck', 'LiftHold')}
        caption={t('queue.assessmentsCaption')}
      />
    </>
  );
}

export function MovementsPage() {
  const { t } = useTranslation();
  const list = useCaseList({ awaiting: 'mine' });
  return (
    <Stack>
      <PageTitle text={t('nav.movements')} />
      <section aria-labelledby="bookings-title">
        <Title order={2} size="h3" id="bookings-title">
          {t('queue.bookings')}
        </Title>
        <CaseTable
          list={list}
          filter={awaits('ConfirmBooking', 'ChangeBooking', 'RecordTicketIssued')}
          caption={t('queue.bookingsCaption')}
        />
      </section>
      <section aria-labelledby="departures-title">
        <Title order={2} size="h3" id="departures-title">
          {t('queue.departures')}
        </Title>
        <CaseTable
          list={list}
          filter={awaits('RecordDeparture', 'RecordNoShow', 'RecordTransit', 'RecordArrival')}
          caption={t('queue.departuresCaption')}
        />
      </section>
    </Stack>
  );
}
