import { Button, FileInput, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandFormProps } from '../case/command-form-types';
import { EVIDENCE_PURPOSES, isCode } from './codes';
import { reintegrationOf } from './types';

const SHA256 = /^[0-9a-f]{64}$/;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * RecordEvidence: the engine keeps a reference, the file's SHA-256 and its media type, never the file nor its name.
 * Choosing the file computes both here, in the browser (the file is not uploaded); they can also be typed in when the
 * file is stored elsewhere.
 */
export function EvidenceForm({ caseView, submit, busy }: CommandFormProps) {
  const { t } = useTranslation('counterpart');
  const r = reintegrationOf(caseView);
  const [file, setFile] = useState<File | null>(null);
  const [evidenceId, setEvidenceId] = useState('');
  const [checksum, setChecksum] = useState('');
  const [contentType, setContentType] = useState('');
  const [purpose, setPurpose] = useState<(typeof EVIDENCE_PURPOSES)[number]>('MILESTONE');
  const [milestoneId, setMilestoneId] = useState('');
  const [trancheId, setTrancheId] = useState('');
  const [hashing, setHashing] = useState(false);

  const onFile = async (f: File | null) => {
    setFile(f);
    if (!f) return;
    setHashing(true);
    try {
      const hex = await sha256Hex(f);
      setChecksum(hex);
      setContentType(f.type || 'application/octet-stream');
      if (!evidenceId) setEvidenceId(`EV-${hex.slice(0, 10).toUpperCase()}`);
    } finally {
      setHashing(false);
    }
  };
  const ok =
    isCode(evidenceId) &&
    SHA256.test(checksum) &&
    MEDIA_TYPE.test(contentType) &&
    (purpose !== 'TRANCHE_USE' || !!trancheId);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit({
      evidenceId,
      checksum,
      contentType,
      purpose,
      ...(milestoneId ? { milestoneId } : {}),
      ...(trancheId ? { trancheId } : {}),
    }).catch(() => undefined); // the command panel shows the API's answer
  };

  return (
    <form onSubmit={onSubmit} aria-label={t('evidence.formLabel')}>
      <Stack gap="sm">
        <FileInput
          label={t('evidence.file')}
          description={t('evidence.fileHelp')}
          value={file}
          onChange={(f) => void onFile(f)}
          clearable
          clearButtonProps={{ 'aria-label': t('evidence.clearFile') }}
        />
        {hashing ? <Text size="sm">{t('evidence.hashing')}</Text> : null}
        <TextInput
          label={t('evidence.id')}
          description={t('evidence.idHelp')}
          required
          value={evidenceId}
          onChange={(e) => setEvidenceId(e.currentTarget.value.toUpperCase())}
        />
        <TextInput
          label={t('evidence.checksum')}
          required
          value={checksum}
          onChange={(e) => setChecksum(e.currentTarget.value.trim().toLowerCase())}
        />
        <TextInput
          label={t('evidence.contentType')}
          required
          value={contentType}
          onChange={(e) => setContentType(e.currentTarget.value.trim())}
        />
        <NativeSelect
          label={t('evidence.purpose')}
          value={purpose}
          onChange={(e) => setPurpose(e.currentTarget.value as typeof purpose)}
          data={EVIDENCE_PURPOSES.map((p) => ({ value: p, label: t(`evidencePurpose.${p}`) }))}
        />
        <NativeSelect
          label={t('evidence.milestone')}
          value={milestoneId}
          onChange={(e) => setMilestoneId(e.currentTarget.value)}
          data={[
            { value: '', label: t('evidence.noneSelected') },
            ...(r?.milestones ?? []).map((m) => ({
              value: m.milestoneId,
              label: `${m.milestoneId} · ${t(`milestoneCode.${m.code}`, { defaultValue: m.code })}`,
            })),
          ]}
        />
        <NativeSelect
          label={t('evidence.tranche')}
          required={purpose === 'TRANCHE_USE'}
          value={trancheId}
          onChange={(e) => setTrancheId(e.currentTarget.value)}
          data={[
            { value: '', label: t('evidence.noneSelected') },
            ...(r?.tranches ?? []).map((x) => ({
              value: x.trancheId,
              label: `${x.trancheId} · ${t(`finance:status.${x.status}`)}`,
            })),
          ]}
        />
        <div>
          <Button color="blue.8" type="submit" loading={busy} disabled={!ok}>
            {t('evidence.submit')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
