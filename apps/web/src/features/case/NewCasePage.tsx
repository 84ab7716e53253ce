import { Button, Checkbox, Fieldset, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import type { CaseView } from '../../api/types';
import { ApiErrorAlert, PageTitle } from '../../components';
import { useSession } from '../../session/session';
import { resolve, type JsonSchema } from './schema';
import { components } from '../../api/openapi.json';

const SCHEMAS = components.schemas as unknown as Record<string, JsonSchema>;
const enumOf = (schema: string, field: string) =>
  (resolve(SCHEMAS[schema]).properties?.[field]?.enum ?? []).map(String);

const REFERRAL_SOURCES = enumOf('CreateCaseRequest', 'referralSource');
const RELATIONSHIPS = enumOf('HouseholdMemberRequest', 'relationship');
const SEXES = enumOf('HouseholdMemberRequest', 'sex');
const SIGNATORIES = enumOf('DataConsentRequest', 'signatory');

interface MemberForm {
  givenName: string;
  familyName: string;
  sex: string;
  dateOfBirth: string;
  relationship: string;
  nationality: string;
  languages: string;
  phone: string;
  /** Passport or ID numbers, comma-separated: the API keeps only their digests, for the duplicate search. */
  documentNumbers: string;
  consentGiven: boolean;
  signatory: string;
  formVersion: string;
  consentLanguage: string;
}

const documentNumbers = (m: MemberForm): string[] =>
  m.documentNumbers
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);

const emptyMember = (relationship: string, nationality: string): MemberForm => ({
  givenName: '',
  familyName: '',
  sex: '',
  dateOfBirth: '',
  relationship,
  nationality,
  languages: '',
  phone: '',
  documentNumbers: '',
  consentGiven: false,
  signatory: 'SELF',
  formVersion: '',
  consentLanguage: '',
});

/** A new referral or household, with each member's data-processing consent (POST /cases). */
export default function NewCasePage() {
  const { t } = useTranslation(['common', 'commands']);
  const { user } = useSession();
  const navigate = useNavigate();
  const [hostOffice, setHostOffice] = useState(user.office ?? '');
  const [countryOfOrigin, setCountryOfOrigin] = useState('');
  const [referralSource, setReferralSource] = useState('');
  const [programme, setProgramme] = useState('');
  const [members, setMembers] = useState<MemberForm[]>([emptyMember('PA', '')]);
  const queryClient = useQueryClient();
  const attempt = useRef<{ body: string; key: string; uncertain: boolean } | null>(null);

  const create = useMutation({
    mutationFn: async (body: Record<string, unknown>) => {
      const serial = JSON.stringify(body);
      const key =
        attempt.current?.uncertain && attempt.current.body === serial ? attempt.current.key : crypto.randomUUID();
      attempt.current = { body: serial, key, uncertain: false };
      try {
        return await unwrap<CaseView>(api.POST('/cases', { headers: { 'Idempotency-Key': key }, body: body as never }));
      } catch (err) {
        if (err instanceof ApiError && (err.status === 0 || err.status >= 500)) attempt.current.uncertain = true;
        throw err;
      }
    },
    onSuccess: async (view) => {
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      await navigate(`/console/cases/${view.caseId}`);
    },
  });

  const set = (i: number, patch: Partial<MemberForm>) =>
    setMembers((ms) => ms.map((m, j) => (j === i ? { ...m, ...patch } : m)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      hostOffice: hostOffice.trim(),
      countryOfOrigin: countryOfOrigin.trim().toUpperCase(),
      referralSource,
      ...(programme.trim() ? { programme: programme.trim() } : {}),
      members: members.map((m) => ({
        givenName: m.givenName.trim(),
        familyName: m.familyName.trim(),
        sex: m.sex,
        ...(m.dateOfBirth ? { dateOfBirth: m.dateOfBirth } : {}),
        relationship: m.relationship,
        nationality: m.nationality.trim().toUpperCase(),
        languages: m.languages
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean),
        ...(m.phone.trim() ? { phone: m.phone.trim() } : {}),
        ...(documentNumbers(m).length ? { documentNumbers: documentNumbers(m) } : {}),
        ...(m.consentGiven
          ? {
              dataConsent: {
                given: true,
                signatory: m.signatory,
                formVersion: m.formVersion.trim(),
                language: m.consentLanguage.trim(),
              },
            }
          : {}),
      })),
    };
    create.mutate(body);
  };

  const choose = { value: '', label: t('form.choose') };
  const options = (values: string[]) => [
    choose,
    ...values.map((v) => ({ value: v, label: t(`commands:values.${v}`, { defaultValue: v }) })),
  ];

  return (
    <>
      <PageTitle text={t('newCase.title')} />
      <form onSubmit={submit} aria-label={t('newCase.title')}>
        <Stack maw={900}>
          <ApiErrorAlert error={create.error} />
          <Fieldset legend={t('newCase.referral')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('commands:fields.hostOffice')}
                required
                value={hostOffice}
                onChange={(e) => setHostOffice(e.currentTarget.value)}
              />
              <TextInput
                label={t('commands:fields.countryOfOrigin')}
                description={t('newCase.countryHint')}
                required
                maxLength={2}
                value={countryOfOrigin}
                onChange={(e) => setCountryOfOrigin(e.currentTarget.value)}
              />
              <NativeSelect
                label={t('commands:fields.referralSource')}
                required
                value={referralSource}
                data={options(REFERRAL_SOURCES)}
                onChange={(e) => setReferralSource(e.currentTarget.value)}
              />
              <TextInput
                label={t('commands:fields.programme')}
                value={programme}
                onChange={(e) => setProgramme(e.currentTarget.value)}
              />
            </SimpleGrid>
          </Fieldset>
          {members.map((m, i) => (
            <Fieldset key={i} legend={t('newCase.member', { n: i + 1 })}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('commands:fields.givenName')}
                  required
                  value={m.givenName}
                  onChange={(e) => set(i, { givenName: e.currentTarget.value })}
                />
                <TextInput
                  label={t('commands:fields.familyName')}
                  required
                  value={m.familyName}
                  onChange={(e) => set(i, { familyName: e.currentTarget.value })}
                />
                <NativeSelect
                  label={t('commands:fields.sex')}
                  required
                  value={m.sex}
                  data={options(SEXES)}
                  onChange={(e) => set(i, { sex: e.currentTarget.value })}
                />
                <TextInput
                  type="date"
                  label={t('commands:fields.dateOfBirth')}
                  value={m.dateOfBirth}
                  onChange={(e) => set(i, { dateOfBirth: e.currentTarget.value })}
                />
                <NativeSelect
                  label={t('commands:fields.relationship')}
                  required
                  value={m.relationship}
                  data={options(RELATIONSHIPS)}
                  onChange={(e) => set(i, { relationship: e.currentTarget.value })}
                />
                <TextInput
                  label={t('commands:fields.nationality')}
                  description={t('newCase.countryHint')}
                  required
                  maxLength={2}
                  value={m.nationality}
                  onChange={(e) => set(i, { nationality: e.currentTarget.value })}
                />
                <TextInput
                  label={t('commands:fields.languages')}
                  description={t('form.commaSeparated')}
                  required
                  value={m.languages}
                  onChange={(e) => set(i, { languages: e.currentTarget.value })}
                />
                <TextInput
                  type="tel"
                  label={t('commands:fields.phone')}
                  value={m.phone}
                  onChange={(e) => set(i, { phone: e.currentTarget.value })}
                />
                <TextInput
                  label={t('commands:fields.documentNumbers')}
                  description={t('form.commaSeparated')}
                  value={m.documentNumbers}
                  onChange={(e) => set(i, { documentNumbers: e.currentTarget.value })}
                />
              </SimpleGrid>
              <Fieldset legend={t('newCase.consent')} mt="sm" variant="filled">
                <Stack gap="xs">
                  <Checkbox
                    label={t('newCase.consentGiven')}
                    checked={m.consentGiven}
                    onChange={(e) => set(i, { consentGiven: e.currentTarget.checked })}
                  />
                  {m.consentGiven && (
                    <SimpleGrid cols={{ base: 1, sm: 3 }}>
                      <NativeSelect
                        label={t('commands:fields.signatory')}
                        required
                        value={m.signatory}
                        data={options(SIGNATORIES)}
                        onChange={(e) => set(i, { signatory: e.currentTarget.value })}
                      />
                      <TextInput
                        label={t('commands:fields.formVersion')}
                        required
                        value={m.formVersion}
                        onChange={(e) => set(i, { formVersion: e.currentTarget.value })}
                      />
                      <TextInput
                        label={t('newCase.consentLanguage')}
                        required
                        value={m.consentLanguage}
                        onChange={(e) => set(i, { consentLanguage: e.currentTarget.value })}
                      />
                    </SimpleGrid>
                  )}
                </Stack>
              </Fieldset>
              {i > 0 && (
                <Group mt="sm">
                  <Button
                    variant="subtle"
                    color="red"
                    size="xs"
                    onClick={() => setMembers((ms) => ms.filter((_, j) => j !== i))}
                  >
                    {t('newCase.removeMember', { n: i + 1 })}
                  </Button>
                </Group>
              )}
            </Fieldset>
          ))}
          <Group>
            <Button
              variant="light"
              onClick={() => setMembers((ms) => [...ms, emptyMember('', members[0]?.nationality ?? '')])}
            >
              {t('newCase.addMember')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('newCase.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
