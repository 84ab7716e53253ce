import { CodedHttpException } from '@avrr/auth';
import { JOURNEY_SLA_KEY, STAGES } from '@avrr/domain';
import { checkWebhookTarget, WebhookTargetError } from '@avrr/queues';
import { HttpStatus } from '@nestjs/common';

const SLA_UNITS = ['DAYS', 'WORKING_DAYS'];
/**
 * SLA overrides as the monitor reads them (libs/domain mergeSlas): per stage, whole alert and escalate thresholds and
 * a unit. Checked here because the DTO types them only as an object; anything else would break every scan.
 */
export function checkSlaOverrides(overrides: unknown): void {
  if (overrides === undefined) return;
  const problems: string[] = [];
  for (const [stage, value] of Object.entries(overrides as Record<string, unknown>)) {
    if (!(STAGES as readonly string[]).includes(stage) && stage !== JOURNEY_SLA_KEY)
      problems.push(`${stage} is not a stage (or ${JOURNEY_SLA_KEY}, registration to departure)`);
    else if (typeof value !== 'object' || value === null || Array.isArray(value))
      problems.push(`${stage} must be an object`);
    else
      for (const [key, v] of Object.entries(value))
        if (key === 'unit' ? !SLA_UNITS.includes(v as string) : !['alert', 'escalate', 'critical'].includes(key))
          problems.push(`${stage}.${key} is not a setting (alert, escalate, critical, unit)`);
        else if (key !== 'unit' && !(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 3650))
          problems.push(`${stage}.${key} must be a whole number of days from 0 to 3650`);
  }
  if (problems.length)
    throw new CodedHttpException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Invalid request: slaOverrides', {
      fields: [{ field: 'slaOverrides', errors: problems.slice(0, 20) }],
    });
}

/** A webhook must reach a public address (no loopback, link-local or private target after DNS resolution). */
export async function checkWebhook(url: string | undefined, allowPrivateTargets: boolean): Promise<void> {
  if (!url) return;
  try {
    await checkWebhookTarget(url, allowPrivateTargets);
  } catch (err) {
    if (!(err instanceof WebhookTargetError)) throw err;
    throw new CodedHttpException(HttpStatus.BAD_REQUEST, 'WEBHOOK_TARGET_REFUSED', `Refused: ${err.message}`, {
      fields: [{ field: 'webhookUrl', errors: [err.message] }],
    });
  }
}
