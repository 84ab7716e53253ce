/**
 * Hold periods (AVRR.md §5.2): when each hold was active, rebuilt from the HoldPlaced / HoldLifted events of a case
 * in the order they were recorded. The SLA clock stops while a pausing hold is active (sla.ts), so past periods matter
 * as much as the holds active now.
 */
import type { HoldType } from './types';

/** A period during which a hold was active (placedAt .. liftedAt, open = still active). */
export interface HoldPeriod {
  type: HoldType;
  from: string;
  to?: string;
}

/** The part of a HoldPlaced or HoldLifted event a period needs (effective times). */
export interface HoldEventFact {
  type: 'HoldPlaced' | 'HoldLifted';
  hold: HoldType;
  memberId?: string;
  effectiveAt: string;
}

/**
 * Periods of the holds placed and later lifted, in the order they were lifted. A hold is one (type, member) pair; a
 * second placement of an active hold does not restart it (evolve() ignores it too); a hold still active has no period
 * here (the case view lists it).
 */
export function liftedHoldPeriods(events: readonly HoldEventFact[]): Required<HoldPeriod>[] {
  const open = new Map<string, string>();
  const out: Required<HoldPeriod>[] = [];
  for (const e of events) {
    const key = `${e.hold}|${e.memberId ?? ''}`;
    if (e.type === 'HoldPlaced') {
      if (!open.has(key)) open.set(key, e.effectiveAt);
      continue;
    }
    const from = open.get(key);
    if (from === undefined) continue;
    out.push({ type: e.hold, from, to: e.effectiveAt });
    open.delete(key);
  }
  return out;
}
