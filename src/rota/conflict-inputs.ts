import { performance } from 'node:perf_hooks';
import type { Language } from '../common/i18n';
import { SessionRef } from '../common/rota-integrity';
import { bookingWindow } from './booking-window';
import type { Assigned } from './conflict-queries';
import { FixedBooking, PlannerFacilitator } from './planner/planner.types';

/** What checking sessions reads: every ward's clock and language, their people, and those people's bookings around them. */
export interface CheckInputs {
  people: Set<string>;
  from: string;
  to: string;
  zones: Map<string, { timezone: string; language: Language }>;
  facilitators: PlannerFacilitator[];
  fixedBookings: FixedBooking[];
}

/** The span of bookings that can bear on these sessions (at least one). */
export function bookingsAround(open: readonly SessionRef[]): { from: string; to: string } {
  const first = open.reduce((m, r) => (r.startsAt < m ? r.startsAt : m), open[0].startsAt);
  const last = open.reduce((m, r) => (r.endsAt > m ? r.endsAt : m), open[0].endsAt);
  return bookingWindow(first, last);
}

/** Whether inputs read for some sessions hold everything checking these needs: their people, wards and booking window. */
export function covers(read: CheckInputs, open: readonly SessionRef[], assignments: readonly Pick<Assigned, 'facilitatorId'>[]): boolean {
  if (!assignments.every((a) => read.people.has(a.facilitatorId))) return false;
  if (!open.every((r) => read.zones.has(r.wardId))) return false;
  const { from, to } = bookingsAround(open);
  return from >= read.from && to <= read.to;
}

type WardZones = CheckInputs['zones'];

/**
 * Every ward's zone and language, as conflict checks outside a transaction read them (each person
 * write is checked before and after): kept until `forget` (a ward changed here), or `ttlMs` for a
 * change through another instance; a ward the table lacks (made elsewhere) reads it again, and
 * `ttlMs` 0 reads every time.
 */
export class WardZoneTable {
  private kept: { table: WardZones; atMs: number } | null = null;
  private generation = 0;

  constructor(private readonly ttlMs: number) {}

  forget(): void {
    this.kept = null;
    this.generation++;
  }

  async of(wardIds: ReadonlySet<string>, read: () => Promise<WardZones>): Promise<WardZones> {
    const nowMs = performance.now();
    const kept = this.kept;
    if (kept && nowMs - kept.atMs < this.ttlMs && [...wardIds].every((w) => kept.table.has(w))) return kept.table;
    const generation = this.generation;
    const table = await read();
    // A ward changed while this read ran may have been read before its change: used, not kept.
    if (generation === this.generation && this.ttlMs > 0) this.kept = { table, atMs: nowMs };
    return table;
  }
}
