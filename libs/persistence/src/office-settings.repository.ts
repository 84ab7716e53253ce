import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** An office's calendar, SLA overrides and optional webhook (secret used to sign deliveries). */
export interface OfficeSettings {
  office: string;
  kind: 'HOST' | 'COO';
  country: string;
  timeZone: string;
  weekendDays: number[];
  holidays: string[];
  slaOverrides: Record<string, unknown>;
  webhookUrl: string | null;
  webhookSecret: string | null;
}

/** An office joined with its (optional) settings row, as `all` selects it. */
interface OfficeSettingsRow {
  code: string;
  kind: 'HOST' | 'COO';
  country: string;
  time_zone: string;
  weekend_days: number[] | null;
  holidays: (Date | string)[] | null;
  sla_overrides: Record<string, unknown> | null;
  webhook_url: string | null;
  webhook_secret: string | null;
}

@Injectable()
export class OfficeSettingsRepository {
  constructor(private readonly db: DataSource) {}

  /** Every office with its settings (defaults: Saturday and Sunday off, no holidays, no overrides, no webhook). */
  async all(): Promise<OfficeSettings[]> {
    const rows: OfficeSettingsRow[] = await this.db.query(
      `SELECT o.code, o.kind, o.country, o.time_zone, s.weekend_days, s.holidays, s.sla_overrides, s.webhook_url, s.webhook_secret
         FROM offices o LEFT JOIN office_settings s ON s.office = o.code ORDER BY o.code`,
    );
    return rows.map((r) => ({
      office: r.code,
      kind: r.kind,
      country: r.country,
      timeZone: r.time_zone,
      weekendDays: r.weekend_days ?? [0, 6],
      holidays: (r.holidays ?? []).map((d) => (typeof d === 'string' ? d.slice(0, 10) : toLocalDate(d))),
      slaOverrides: r.sla_overrides ?? {},
      webhookUrl: r.webhook_url ?? null,
      webhookSecret: r.webhook_secret ?? null,
    }));
  }

  async upsert(
    office: string,
    s: Partial<Pick<OfficeSettings, 'weekendDays' | 'holidays' | 'slaOverrides' | 'webhookUrl' | 'webhookSecret'>>,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO office_settings (office, weekend_days, holidays, sla_overrides, webhook_url, webhook_secret)
       VALUES ($1, coalesce($2, '{0,6}'::int[]), coalesce($3, '{}'::date[]), coalesce($4, '{}'::jsonb), $5, $6)
       ON CONFLICT (office) DO UPDATE SET weekend_days = coalesce($2, office_settings.weekend_days),
         holidays = coalesce($3, office_settings.holidays), sla_overrides = coalesce($4, office_settings.sla_overrides),
         webhook_url = CASE WHEN $7 THEN $5 ELSE office_settings.webhook_url END,
         webhook_secret = CASE WHEN $7 THEN $6 ELSE office_settings.webhook_secret END`,
      [
        office,
        s.weekendDays ?? null,
        s.holidays ?? null,
        s.slaOverrides ? JSON.stringify(s.slaOverrides) : null,
        s.webhookUrl ?? null,
        s.webhookSecret ?? null,
        s.webhookUrl !== undefined,
      ],
    );
  }
}

/** node-postgres turns a date column into a local-midnight Date: read it back as that local calendar date. */
function toLocalDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
