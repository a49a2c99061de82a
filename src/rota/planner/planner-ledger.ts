/**
 * Who is booked when: every person's bookings (fixed, locked and planned) and weekly counts, so
 * clash and cap checks are exact whatever the planner's model simplified.
 */
import { clashes } from './planner-rules';

/** session >= 0: a session of the plan; FIXED: a booking outside the plan. */
export const FIXED = -1;

export interface Booking {
  start: number;
  end: number;
  weekKey: string;
  session: number;
}

export interface SessionTimes {
  start: number;
  end: number;
  weekKey: string;
}

export class BookingLedger {
  private readonly bookings: Booking[][];
  private readonly weekCounts: Map<string, number>[];

  constructor(
    personCount: number,
    private readonly caps: (number | null)[],
    private readonly bufferMs: number,
  ) {
    this.bookings = Array.from({ length: personCount }, () => []);
    this.weekCounts = Array.from({ length: personCount }, () => new Map());
  }

  add(person: number, times: SessionTimes, session: number): void {
    this.bookings[person].push({ start: times.start, end: times.end, weekKey: times.weekKey, session });
    const counts = this.weekCounts[person];
    counts.set(times.weekKey, (counts.get(times.weekKey) ?? 0) + 1);
  }

  remove(person: number, session: number): void {
    const list = this.bookings[person];
    const at = list.findIndex((b) => b.session === session);
    if (at < 0) throw new Error(`person ${person} is not booked on session ${session}`);
    const [booking] = list.splice(at, 1);
    const counts = this.weekCounts[person];
    counts.set(booking.weekKey, (counts.get(booking.weekKey) ?? 1) - 1);
  }

  weekCount(person: number, weekKey: string): number {
    return this.weekCounts[person].get(weekKey) ?? 0;
  }

  /** Room left under the weekly cap (Infinity without a cap). */
  weekRoom(person: number, weekKey: string): number {
    const cap = this.caps[person];
    return cap === null ? Infinity : cap - this.weekCount(person, weekKey);
  }

  clashing(person: number, times: SessionTimes): Booking[] {
    return this.bookings[person].filter((b) => clashes(times.start, times.end, b.start, b.end, this.bufferMs));
  }

  /** True when the person can take the session on top of their bookings. */
  fits(person: number, times: SessionTimes): boolean {
    if (this.weekRoom(person, times.weekKey) < 1) return false;
    for (const b of this.bookings[person]) {
      if (clashes(times.start, times.end, b.start, b.end, this.bufferMs)) return false;
    }
    return true;
  }

  sessionsOf(person: number): Booking[] {
    return this.bookings[person];
  }
}
