import { Anchor, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Tag } from '../ops/ui';
import { Link, useParams } from 'react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { useSession } from '../../session/session';
import { useCase } from '../case/api';
import { CommandPanel } from '../case/CommandPanel';
import { memberOptions } from '../case/members';
import { CaseTimeline } from '../case/Timeline';
import { useActorNames } from '../finance/people';
import { ReintegrationSection } from './ReintegrationSection';
import { reintegrationOf } from './types';

/**
 * A case in the country of origin, for the counterpart: its reintegration (plan, milestones, tranches, monitoring,
 * RSS, referrals, closure) beside the commands open now, whose plan, milestone, evidence and RSS forms are this
 * feature's (command-forms.ts), and the timeline.
 */
export default function CounterpartCasePage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation('counterpart');
  const { user } = useSession();
  const view = useCase(caseId);
  const actors = useActorNames(caseId);
  if (view.isPending) return <Loader aria-label={t('loading')} />;
  if (view.error) return <ApiErrorAlert error={view.error} />;
  const c = view.data;
  const r = reintegrationOf(c);
  const members = memberOptions(c, (n) => t('common:case.memberN', { n }));
  const names = new Map(members.map((m) => [m.memberId, m.label]));
  const who = (id: string | undefined) => {
    if (!id) return '—';
    if (id === user.id) return t('you');
    const a = actors.get(id);
    return a?.name ?? (a?.role ? t(`role.${a.role}`, { defaultValue: a.role }) : id.slice(0, 8));
  };

  return (
    <Stack gap="md">
      <Anchor c="blue.8" component={Link} to="/console/counterpart">
        {t('back')}
      </Anchor>
      <PageTitle text={t('case.title', { reference: c.reference })}>
        <Group gap="sm">
          <span>{c.reference}</span>
          <Tag size="lg" data-testid="case-stage">
            {t(`stages:${c.stage}`, { defaultValue: c.stage })}
          </Tag>
        </Group>
      </PageTitle>
      <Text size="sm">
        {members.map((m) => m.label).join(', ')}
        {c.receivingOffice ? ` · ${c.receivingOffice}` : ''}
      </Text>
      {/* One column: the plan editor and the survey need the page's width more than a side panel gives them. */}
      {r ? (
        <ReintegrationSection caseId={c.caseId} version={c.version} r={r} who={who} />
      ) : (
        <Text>{t('case.noReintegration')}</Text>
      )}
      <CommandPanel caseView={c} members={members} names={names} />
      <section aria-labelledby="cp-timeline">
        <Title order={2} size="h4" id="cp-timeline" mb="xs">
          {t('case.timeline')}
        </Title>
        <CaseTimeline caseId={c.caseId} />
      </section>
    </Stack>
  );
}
