import { useTranslation } from 'react-i18next';
import { useOfficeTimeZone } from '../session/time-zone';

/** `2026-05-01` (a calendar date) or an ISO instant. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function formatDateTime(
  value: string,
  lang: string,
  timeZone: string | undefined,
  opts: { dateOnly?: boolean } = {},
): string {
  if (DATE_ONLY.test(value)) {
    // A calendar date has no zone: format it as itself (noon UTC cannot fall on another day in any zone we serve).
    return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${value}T12:00:00Z`),
    );
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(lang, {
    dateStyle: 'medium',
    ...(opts.dateOnly ? {} : { timeStyle: 'short' }),
    timeZone,
  }).format(d);
}

/** An instant in the office's time zone (or a calendar date), in the reader's language. */
export function DateTime({
  value,
  dateOnly,
  timeZone,
}: {
  value?: string | null;
  dateOnly?: boolean;
  timeZone?: string;
}) {
  const { i18n } = useTranslation();
  const officeZone = useOfficeTimeZone();
  if (!value) return <span>—</span>;
  const zone = timeZone ?? officeZone;
  return (
    <time dateTime={value} title={zone}>
      {formatDateTime(value, i18n.language, zone, { dateOnly })}
    </time>
  );
}
