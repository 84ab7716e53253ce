import { Button, Card, Group, NativeSelect, Radio, Stack, Text, Title } from '@mantine/core';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import type { CaseView } from '../../api/types';
import { ApiErrorAlert, DateTime } from '../../components';
import { Notice, Tag } from '../ops/ui';
import { useApplyCommand, useRequirements } from './api';

type PossibleDuplicate = components['schemas']['PossibleDuplicateResponse'];
type Decision = components['schemas']['RecordDuplicateDecisionPayload']['decision'];
type ExceptionReason = components['schemas']['RecordRepeatApplicantExceptionPayload']['reason'];

const EXCEPTION_REASONS: readonly ExceptionReason[] = [
  'PROTECTION_NEED',
  'FAMILY_REUNIFICATION',
  'CHANGED_CIRCUMSTANCES',
  'FAILED_REINTEGRATION',
  'OTHER',
];

/** The commands this card sends; the generic command panel leaves them to it. */
export const DUPLICATE_COMMANDS: readonly string[] = ['RecordDuplicateDecision', 'RecordRepeatApplicantException'];

/**
 * "Possible earlier cases" (issue 11 item 6): the earlier cases of the same person found at registration, as the API
 * discloses them to this role (references, office, stage, and for the roles that decide: the score and the codes of
 * what matched; never the other person's data), the officer's decision per candidate, and the repeat-applicant rule
 * with the supervisor's exception. Shown only to the roles the API gives possibleDuplicates to.
 */
export function PossibleDuplicatesCard({ caseView }: { caseView: CaseView }) {
  const { t } = useTranslation(['common', 'stages', 'commands']);
  const requirements = useRequirements(caseView.caseId);
  const apply = useApplyCommand(caseView.caseId);
  // The message as a key and its values, so that it follows a change of language.
  const [done, setDone] = useState<{ key: string; reference?: string } | null>(null);
  const list = caseView.possibleDuplicates;
  const repeat = caseView.repeatApplicant;
  if (!list && !repeat) return null;

  const allowed = (type: string) => requirements.data?.commands.some((c) => c.type === type && c.allowed) ?? false;
  const send = async (type: string, payload: Record<string, unknown>, message: { key: string; reference?: string }) => {
    setDone(null);
    await apply.mutateAsync({
      input: { type, payload },
      expectedVersion: Math.max(caseView.version, requirements.data?.version ?? 0),
    });
    setDone(message);
  };

  return (
    <Card withBorder component="section" aria-labelledby="duplicates-title">
      <Title order={2} size="h3" id="duplicates-title" mb="xs">
        {t('case.duplicates.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('case.duplicates.intro')}
      </Text>
      <Stack gap="sm">
        {done && (
          <Text role="status" size="sm" fw={600}>
            ✓ {t(done.key, { reference: done.reference })}
          </Text>
        )}
        {apply.error && <ApiErrorAlert error={apply.error} />}
        {repeat && (
          <RepeatApplicant
            repeat={repeat}
            canRecord={allowed('RecordRepeatApplicantException')}
            busy={apply.isPending}
            onRecord={(reason) =>
              send('RecordRepeatApplicantException', { reason }, { key: 'case.duplicates.exceptionDone' })
            }
          />
        )}
        {list && list.length === 0 && <Text size="sm">{t('case.duplicates.none')}</Text>}
        {list && list.length > 0 && (
          <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {list.map((d) => (
              <Candidate
                key={d.caseId}
                candidate={d}
                canDecide={d.direction === 'FOUND' && allowed('RecordDuplicateDecision')}
                busy={apply.isPending}
                onDecide={(decision) =>
                  send(
                    'RecordDuplicateDecision',
                    { candidateCaseId: d.caseId, decision },
                    { key: 'case.duplicates.decisionDone', reference: d.reference },
                  )
                }
              />
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

function Candidate({
  candidate: d,
  canDecide,
  busy,
  onDecide,
}: {
  candidate: PossibleDuplicate;
  canDecide: boolean;
  busy: boolean;
  onDecide: (decision: Decision) => Promise<void>;
}) {
  const { t, i18n } = useTranslation(['common', 'stages']);
  const headingId = useId();
  const [choice, setChoice] = useState<string>(d.decision ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (choice === 'NEW_PERSON' || choice === 'SAME_PERSON') void onDecide(choice).catch(() => undefined); // shown above
  };
  const score =
    d.score === undefined ? undefined : new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(d.score);

  return (
    <Card component="li" withBorder padding="sm" aria-labelledby={headingId}>
      <Group gap="sm" justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Text fw={700} id={headingId}>
            <bdi>{d.reference}</bdi>
          </Text>
          {score !== undefined && <Tag color="blue">{t('case.duplicates.score', { score })}</Tag>}
        </Group>
        <DecisionBadge decision={d.decision} />
      </Group>
      <Text size="sm" mt={4}>
        {t('case.duplicates.where', {
          office: d.office,
          stage: t(`stages:${d.stage}`, { defaultValue: d.stage }),
        })}
      </Text>
      {d.features && d.features.length > 0 && (
        <Text size="sm" mt={4}>
          {t('pair', {
            label: t('case.duplicates.matched'),
            value: d.features
              .map((f) => t(`case.duplicates.features.${f}`, { defaultValue: f }))
              .join(t('case.duplicates.separator')),
          })}
        </Text>
      )}
      {d.direction === 'LINKED_FROM' && (
        <Text size="sm" c="dimmed" mt={4}>
          {t('case.duplicates.linkedFrom')}
        </Text>
      )}
      {canDecide && (
        <form onSubmit={submit} aria-label={t('case.duplicates.decisionFor', { reference: d.reference })}>
          <Radio.Group
            mt="sm"
            value={choice}
            onChange={setChoice}
            label={t('case.duplicates.yourDecision')}
            description={t('case.duplicates.decisionHint')}
          >
            <Stack gap={6} mt={6}>
              <Radio value="NEW_PERSON" label={t('case.duplicates.decision.NEW_PERSON')} />
              <Radio value="SAME_PERSON" label={t('case.duplicates.decision.SAME_PERSON')} />
            </Stack>
          </Radio.Group>
          <Button type="submit" mt="sm" size="sm" loading={busy} disabled={!choice || choice === d.decision}>
            {t('case.duplicates.record')}
          </Button>
        </form>
      )}
    </Card>
  );
}

function DecisionBadge({ decision }: { decision: PossibleDuplicate['decision'] }) {
  const { t } = useTranslation();
  if (decision === 'SAME_PERSON') return <Tag color="orange">{t('case.duplicates.decision.SAME_PERSON')}</Tag>;
  if (decision === 'NEW_PERSON') return <Tag color="green">{t('case.duplicates.decision.NEW_PERSON')}</Tag>;
  return <Tag color="gray">{t('case.duplicates.undecided')}</Tag>;
}

function RepeatApplicant({
  repeat,
  canRecord,
  busy,
  onRecord,
}: {
  repeat: NonNullable<CaseView['repeatApplicant']>;
  canRecord: boolean;
  busy: boolean;
  onRecord: (reason: ExceptionReason) => Promise<void>;
}) {
  const { t } = useTranslation(['common', 'commands']);
  const [reason, setReason] = useState<ExceptionReason | ''>('');
  const references = repeat.candidateReferences.join(t('case.duplicates.separator'));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason) void onRecord(reason).catch(() => undefined); // shown above
  };
  const reasonLabel = (r: string) => t(`commands:values.${r}`, { defaultValue: r });

  return (
    <Notice
      color={repeat.exceptionRequired || repeat.rule === 'NOT_ELIGIBLE' ? 'orange' : 'blue'}
      title={t('case.duplicates.repeatTitle')}
      data-testid="repeat-applicant"
    >
      <Stack gap="xs">
        <Text size="sm">
          {/* References keep their own direction inside an Arabic sentence. */}
          {t('case.duplicates.repeatIntro')} <bdi>{references}</bdi>
        </Text>
        {/* Once the exception is recorded, the rule it answered is no longer news. */}
        {!repeat.exception && (
          <Text size="sm" fw={600}>
            {t(`case.duplicates.rule.${repeat.rule}`, { defaultValue: repeat.rule })}
          </Text>
        )}
        {repeat.exceptionRequired && !canRecord && <Text size="sm">{t('case.duplicates.exceptionWaiting')}</Text>}
        {repeat.exception && (
          <Text size="sm">
            {t('pair', {
              label: t('case.duplicates.exceptionRecorded'),
              value: reasonLabel(repeat.exception.reason),
            })}
            {' · '}
            <DateTime value={repeat.exception.recordedAt} />
          </Text>
        )}
        {repeat.exceptionRequired && canRecord && (
          <form onSubmit={submit} aria-label={t('case.duplicates.exceptionForm')}>
            <Group align="end" gap="sm">
              <NativeSelect
                label={t('case.duplicates.exceptionReason')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value as ExceptionReason | '')}
                data={[
                  { value: '', label: t('case.duplicates.chooseReason') },
                  ...EXCEPTION_REASONS.map((r) => ({ value: r, label: reasonLabel(r) })),
                ]}
              />
              <Button type="submit" size="sm" loading={busy} disabled={!reason}>
                {t('case.duplicates.recordException')}
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Notice>
  );
}
