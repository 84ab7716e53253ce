import { OfficeSettings, OfficeSettingsRepository } from '@avrr/persistence';
import { Injectable } from '@nestjs/common';
import type { OfficeCalendar } from '@avrr/domain';

const TTL_MS = 30_000;

/** Offices with their calendars and settings, cached briefly (they change rarely; a stale minute is harmless). */
@Injectable()
export class OfficeDirectory {
  private cache?: { at: number; offices: Map<string, OfficeSettings> };
  constructor(private readonly repo: OfficeSettingsRepository) {}

  async offices(now = Date.now()): Promise<Map<string, OfficeSettings>> {
    if (!this.cache || now - this.cache.at > TTL_MS) {
      this.cache = { at: now, offices: new Map((await this.repo.all()).map((o) => [o.office, o])) };
    }
    return this.cache.offices;
  }

  /** Reads the offices again (a scan applies settings changed a moment ago, e.g. SLA overrides; refreshes the cache). */
  async fresh(now = Date.now()): Promise<Map<string, OfficeSettings>> {
    this.cache = undefined;
    return this.offices(now);
  }

  async get(code: string | undefined | null): Promise<OfficeSettings | undefined> {
    return code ? (await this.offices()).get(code) : undefined;
  }

  /** The receiving office for returnees to a country: the first COO office of that country. */
  async receivingFor(country: string): Promise<OfficeSettings | undefined> {
    return [...(await this.offices()).values()].find((o) => o.kind === 'COO' && o.country === country);
  }

  static calendar(o: OfficeSettings | undefined): OfficeCalendar | undefined {
    return o ? { timeZone: o.timeZone, weekendDays: o.weekendDays, holidays: o.holidays } : undefined;
  }
}
