import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { RequirementList, type MemberNames } from './RequirementList';

/**
 * An API error in the reader's language: the message comes from the error code (catalogue `errors`), the reasons from
 * the requirement codes in details; the API's English message is never shown or parsed. Field errors name the field
 * with the `commands` catalogue's labels.
 */
export function ApiErrorAlert({ error, names }: { error: unknown; names?: MemberNames }) {
  const { t } = useTranslation(['errors', 'commands', 'common']);
  if (!error) return null;
  const e = error instanceof ApiError ? error : new ApiError(0, { code: 'UNKNOWN_ERROR' });
  const requirements = e.details?.requirements ?? [];
  const fields = e.details?.fields ?? [];
  return (
    <Alert color="red" role="alert" title={t(`errors:${e.code}`, { defaultValue: t('errors:UNKNOWN_ERROR') })}>
      {requirements.length > 0 && <RequirementList requirements={requirements} names={names} />}
      {fields.length > 0 && (
        <Text size="sm">
          {t('common:form.checkFields')}{' '}
          {fields.map((f) => t(`commands:fields.${lastSegment(f.field)}`, { defaultValue: f.field })).join(', ')}
        </Text>
      )}
      {e.requestId && (
        <Text size="xs" c="dimmed">
          {t('common:error.requestId', { id: e.requestId })}
        </Text>
      )}
    </Alert>
  );
}

/** `payload.members[0].givenName` -> `givenName`. */
function lastSegment(field: string): string {
  return (
    field
      .split('.')
      .pop()
      ?.replace(/\[\d+\]$/, '') ?? field
  );
}
