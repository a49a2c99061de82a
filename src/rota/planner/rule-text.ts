/**
 * The sentence a coordinator reads for a broken rule ("Kari is absent 5–18 April", "Ola is in
 * Post 4 'Samtalegruppe' 10:00–11:00", "Per is at weekly cap 2/2"), in the ward's language (the
 * words are in the i18n dictionaries' `rules`). Pure: names, the wording of other sessions and the
 * language come in from the caller.
 */
import { fillText, Language, RuleTexts, textsFor } from '../../common/i18n';
import type { SessionConflict } from '../../common/rota-integrity';
import type { DateRange, FixedBooking, RuleBreach, SessionBreach } from './planner.types';

export interface BreachWording {
  /** The ward's language: the sentences are written in it. */
  language: Language;
  /** A facilitator's name (or a fallback). */
  name(facilitatorId: string): string;
  /** Another session, as "Post 4 'Samtalegruppe' 10:00–11:00" (or its instants, in the ward's language). */
  booking(booking: FixedBooking): string;
}

/** 'candidate': the person is not on the session yet (would they fit?); 'assigned': they are. */
export type BreachView = 'candidate' | 'assigned';

function day(date: string, t: RuleTexts): { d: number; month: string; y: string } {
  return { d: Number(date.slice(8, 10)), month: t.months[Number(date.slice(5, 7)) - 1], y: date.slice(0, 4) };
}

/**
 * "5 April", "5–18 April", "30 March–2 April", "30 December 2027–2 January 2028"; in Norwegian
 * "5. april", "5.–18. april", "30. mars–2. april", "30. desember 2027–2. januar 2028".
 */
export function dateRangeText(range: DateRange, language: Language = 'en'): string {
  const t = textsFor(language).rules;
  const a = day(range.from, t);
  const b = day(range.to, t);
  if (range.from === range.to) return fillText(t.day, a);
  if (a.y !== b.y) return `${fillText(t.dayWithYear, a)}–${fillText(t.dayWithYear, b)}`;
  if (a.month === b.month) return fillText(t.daysInMonth, { from: a.d, to: b.d, month: b.month });
  return `${fillText(t.day, a)}–${fillText(t.day, b)}`;
}

/** The fallback for another session that could not be named: its instants, in the ward's language. */
export function anotherSessionText(booking: FixedBooking, language: Language): string {
  return fillText(textsFor(language).rules.anotherSession, { from: booking.startsAt, to: booking.endsAt });
}

export function describeBreach(breach: RuleBreach, words: BreachWording, view: BreachView = 'assigned'): string {
  const t = textsFor(words.language).rules;
  const who = breach.facilitatorId ? words.name(breach.facilitatorId) : '';
  switch (breach.rule) {
    case 'absent':
      return breach.absence
        ? fillText(t.absent, { who, range: dateRangeText(breach.absence, words.language) })
        : fillText(t.absentThatDay, { who });
    case 'unavailable': {
      const windows = breach.windows ?? [];
      if (windows.length === 0) return fillText(t.unavailableThatDay, { who });
      const times = windows.map((w) => `${w.from}–${w.to}`).join(', ');
      return fillText(t.unavailableAtThatTime, { who, weekday: t.weekdays[windows[0].weekday - 1], times });
    }
    case 'over-cap': {
      const { booked, cap } = breach.week ?? { booked: 0, cap: 0 };
      return view === 'candidate'
        ? fillText(t.atWeeklyCap, { who, booked: booked - 1, cap })
        : fillText(t.overWeeklyCap, { who, booked, cap });
    }
    case 'clash':
      return breach.booking
        ? fillText(t.inOtherSession, { who, session: words.booking(breach.booking) })
        : fillText(t.bookedElsewhere, { who });
    case 'inactive':
      return fillText(t.inactive, { who });
    case 'not-in-pool':
      return fillText(t.notInPool, { who });
    case 'untrained-lead':
      return fillText(t.untrainedLead, { who });
    case 'no-trained':
      return t.noTrained;
    case 'understaffed': {
      const { have, need } = breach.staffing ?? { have: 0, need: 0 };
      return fillText(t.understaffed, { have, need });
    }
  }
}

/**
 * Each session's breaches in words, in the order given: what a session shows as its `conflicts`.
 * `words`: one wording for all (a plan's, in its ward's language), or each breach's own.
 */
export function conflictsBySession<B extends SessionBreach>(
  breaches: readonly B[],
  words: BreachWording | ((b: B) => BreachWording),
): Map<string, SessionConflict[]> {
  const out = new Map<string, SessionConflict[]>();
  for (const b of breaches) {
    const list = out.get(b.sessionId) ?? [];
    list.push({
      facilitatorId: b.facilitatorId ?? null,
      rule: b.rule,
      detail: describeBreach(b, typeof words === 'function' ? words(b) : words),
    });
    out.set(b.sessionId, list);
  }
  return out;
}
