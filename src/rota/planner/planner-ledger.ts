/**
 * Who is booked when: every person's bookings (fixed, locked and planned) and weekly counts, so
 * clash and cap checks are exact whatever the planner's model simplified.
 *
 * Bookings are indexed by UTC day: each one is filed under every day its buffered span
 * [start - buffer, end + buffer] touches, so a fit check reads only the days of the session itself
 * and costs the same whatever the horizon (a booking clashing with a session shares one of the
 * session's days with that buffered span). Bookings longer than LONG_DAYS stay in a short list
 * that every check reads, so one odd fixed booking cannot blow the index up.
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

const DAY_MS = 86_400_000;
const LONG_DAYS = 14;

interface PersonBookings {
  /** Insertion order; planned sessions by session index, fixed ones by a negative serial. */
  all: Map<number, Booking>;
  byDay: Map<number, Booking[]>;
  long: Booking[];
  planned: number;
}

export class BookingLedger {
  private readonly people: PersonBookings[];
  private readonly weekCounts: Map<string, number>[];
  private fixedSerial = 0;

  constructor(
    personCount: number,
    private readonly caps: (number | null)[],
    private readonly bufferMs: number,
  ) {
    this.people = Array.from({ length: personCount }, () => ({ all: new Map(), byDay: new Map(), long: [], planned: 0 }));
    this.weekCounts = Array.from({ length: personCount }, () => new Map());
  }

  private days(start: number, end: number): [number, number] {
    return [Math.floor((start - this.bufferMs) / DAY_MS), Math.floor((end + this.bufferMs) / DAY_MS)];
  }

  add(person: number, times: SessionTimes, session: number): void {
    const booking: Booking = { start: times.start, end: times.end, weekKey: times.weekKey, session };
    const mine = this.people[person];
    const key = session >= 0 ? session : -1 - this.fixedSerial++;
    if (session >= 0 && mine.all.has(key)) throw new Error(`person ${person} is already booked on session ${session}`);
    mine.all.set(key, booking);
    if (session >= 0) mine.planned++;
    const [from, to] = this.days(times.start, times.end);
    if (to - from > LONG_DAYS) mine.long.push(booking);
    else {
      for (let d = from; d <= to; d++) {
        const list = mine.byDay.get(d);
        if (list) list.push(booking);
        else mine.byDay.set(d, [booking]);
      }
    }
    const counts = this.weekCounts[person];
    counts.set(times.weekKey, (counts.get(times.weekKey) ?? 0) + 1);
  }

  /** Removes a planned session's booking (fixed bookings never move). */
  remove(person: number, session: number): void {
    const mine = this.people[person];
    const booking = mine.all.get(session);
    if (!booking || session < 0) throw new Error(`person ${person} is not booked on session ${session}`);
    mine.all.delete(session);
    mine.planned--;
    const [from, to] = this.days(booking.start, booking.end);
    if (to - from > LONG_DAYS) mine.long.splice(mine.long.indexOf(booking), 1);
    else {
      for (let d = from; d <= to; d++) {
        const list = mine.byDay.get(d) as Booking[];
        list.splice(list.indexOf(booking), 1);
      }
    }
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

  /** Calls `visit` once for each booking that could clash with the times (a superset; the caller checks). */
  private near(person: number, times: SessionTimes, visit: (b: Booking) => boolean): boolean {
    const mine = this.people[person];
    for (const b of mine.long) if (visit(b)) return true;
    const first = Math.floor(times.start / DAY_MS);
    const last = Math.floor(times.end / DAY_MS);
    for (let d = first; d <= last; d++) {
      const list = mine.byDay.get(d);
      if (!list) continue;
      for (const b of list) {
        // A booking filed under several of these days is visited on the first of them only.
        if (d > first && Math.floor((b.start - this.bufferMs) / DAY_MS) < d) continue;
        if (visit(b)) return true;
      }
    }
    return false;
  }

  clashing(person: number, times: SessionTimes): Booking[] {
    const out: Booking[] = [];
    this.near(person, times, (b) => {
      if (clashes(times.start, times.end, b.start, b.end, this.bufferMs)) out.push(b);
      return false;
    });
    return out;
  }

  /** True when the person can take the session on top of their bookings. */
  fits(person: number, times: SessionTimes): boolean {
    if (this.weekRoom(person, times.weekKey) < 1) return false;
    return !this.near(person, times, (b) => clashes(times.start, times.end, b.start, b.end, this.bufferMs));
  }

  /** Every booking of the person, in the order they were made. */
  sessionsOf(person: number): Booking[] {
    return [...this.people[person].all.values()];
  }

  /** How many sessions of the plan the person holds. */
  plannedCount(person: number): number {
    return this.people[person].planned;
  }
}
