import { Button, Checkbox, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/DateTime';
import type { CommandFormProps } from '../case/command-form-types';
import { isCode, MILESTONE_UPDATES } from './codes';
import { reintegrationOf } from './types';

/**
 * RecordMilestone: one of the plan's milestones, its new status, a reason code (required to cancel) and the evidence
 * already recorded for it (RecordEvidence) ticked from the case's list.
 */
export function MilestoneForm({ caseView, submit, busy }: CommandFormProps) {
  const { t, i18n } = useTranslation('counterpart');
  const r = reintegrationOf(caseView);
  const milestones = r?.milestones ?? [];
  const [milestoneId, setMilestoneId] = useState(
    milestones.find((m) => m.status === 'PLANNED' || m.status === 'IN_PROGRESS')?.milestoneId ??
      milestones[0]?.milestoneId ??
      '',
  );
  const [status, setStatus] = useState<(typeof MILESTONE_UPDATES)[number]>('DONE');
  const [reasonCode, setReasonCode] = useState('');
  const [evidenceIds, setEvidenceIds] = useState<string[]>([]);
  const evidence = (r?.evidence ?? []).filter((e) => !e.milestoneId || e.milestoneId === milestoneId);
  const needsReason = status === 'CANCELLED';
  const ok = !!milestoneId && (!needsReason || isCode(reasonCode)) && (!reasonCode || isCode(reasonCode));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit({
      milestoneId,
      status,
      ...(reasonCode ? { reasonCode } : {}),
      ...(evidenceIds.length ? { evidenceIds } : {}),
    }).catch(() => undefined); // the command panel shows the API's answer
  };

  if (!milestones.length) return <Text size="sm">{t('milestone.none')}</Text>;
  return (
    <form onSubmit={onSubmit} aria-label={t('milestone.formLabel')}>
      <Stack gap="sm">
        <NativeSelect
          label={t('milestone.which')}
          required
          value={milestoneId}
          onChange={(e) => {
            setMilestoneId(e.currentTarget.value);
            setEvidenceIds([]);
          }}
          data={milestones.map((m) => ({
            value: m.milestoneId,
            label: `${m.milestoneId} · ${t(`milestoneCode.${m.code}`, { defaultValue: m.code })} · ${t(`milestoneStatus.${m.status}`)} · ${formatDateTime(m.dueDate, i18n.language, undefined)}`,
          }))}
        />
        <NativeSelect
          label={t('milestone.status')}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as typeof status)}
          data={MILESTONE_UPDATES.map((s) => ({ value: s, label: t(`milestoneStatus.${s}`) }))}
        />
        <TextInput
          label={t('milestone.reasonCode')}
          description={t(needsReason ? 'milestone.reasonRequired' : 'milestone.reasonOptional')}
          required={needsReason}
          value={reasonCode}
          onChange={(e) => setReasonCode(e.currentTarget.value.toUpperCase())}
        />
        {evidence.length ? (
          <Checkbox.Group label={t('milestone.evidence')} value={evidenceIds} onChange={setEvidenceIds}>
            <Stack gap={4} mt={4}>
              {evidence.map((ev) => (
                <Checkbox
                  key={ev.evidenceId}
                  value={ev.evidenceId}
                  label={`${ev.evidenceId} · ${t(`evidencePurpose.${ev.purpose}`, { defaultValue: ev.purpose })} · ${ev.contentType}`}
                />
              ))}
            </Stack>
          </Checkbox.Group>
        ) : (
          <Text size="sm" c="gray.7">
            {t('milestone.noEvidence')}
          </Text>
        )}
        <div>
          <Button color="blue.8" type="submit" loading={busy} disabled={!ok}>
            {t('milestone.submit')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
