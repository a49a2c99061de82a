/** Plain data in and out of the facilitator-rota planner (no ORM, no Nest). */
import type { RotaSummary } from './summary';

export type FacilitatorRole = 'lead' | 'co';

export interface RoleAssignment {
  facilitatorId: string;
  role: FacilitatorRole;
}

export interface PlannerSession {
  id: string;
  wardId: string;
  /** ISO UTC instants. */
  startsAt: string;
  endsAt: string;
  /** Ward-local 'YYYY-MM-DD' and ISO weekday 1..7 (1 = Monday). */
  localDate: string;
  localWeekday: number;
  /** Ward-local 'HH:mm', checked against availability windows. */
  localStart: string;
  localEnd: string;
  /** Ward-local ISO week, e.g. '2027-W13'; the unit of maxSessionsPerWeek. */
  weekKey: string;
  facilitatorsPerSession: number;
  /** A manual assignment: the planner keeps it exactly as it is. */
  locked: boolean;
  /** The existing assignment (may be empty or no longer valid). */
  current: RoleAssignment[];
}

export interface AvailabilityWindow {
  weekday: number;
  from: string;
  to: string;
}

export interface DateRange {
  /** Inclusive ward-local dates. */
  from: string;
  to: string;
}

export interface PlannerFacilitator {
  id: string;
  name: string;
  imrTrained: boolean;
  active: boolean;
  wardIds: string[];
  maxSessionsPerWeek: number | null;
  /** null: available any time. */
  availability: AvailabilityWindow[] | null;
  absences: DateRange[];
}

/** An assignment outside this plan: it blocks time and counts toward the weekly cap. */
export interface FixedBooking {
  facilitatorId: string;
  startsAt: string;
  endsAt: string;
  weekKey: string;
  /** When given and the session is part of the plan, the booking is ignored (the plan owns it). */
  sessionId?: string;
}

export interface PlannerInput {
  sessions: PlannerSession[];
  facilitators: PlannerFacilitator[];
  fixedBookings: FixedBooking[];
  bufferMinutes: number;
  /** true: current non-locked assignments are not kept as preferences. */
  rebalance: boolean;
}

/** 'not-planned': people are free to staff it; only a summary of a rota not planned yet says so. */
export type UnfilledReason = 'no-trained-facilitator' | 'pool-too-small' | 'all-at-cap' | 'not-planned';

export interface UnfilledSession {
  sessionId: string;
  reason: UnfilledReason;
}

/** The hard rules an assignment can break, as conflicts name them. */
export type RuleName =
  'absent' | 'unavailable' | 'over-cap' | 'clash' | 'inactive' | 'not-in-pool' | 'untrained-lead' | 'no-trained' | 'understaffed';

/** One broken rule, with the facts a coordinator needs to read it (see rule-text.ts). */
export interface RuleBreach {
  rule: RuleName;
  facilitatorId?: string;
  /** absent: the absence that covers the day. */
  absence?: DateRange;
  /** unavailable: the person's windows on that weekday (empty: none that day). */
  windows?: AvailabilityWindow[];
  /** clash: the other booking. */
  booking?: FixedBooking;
  /** over-cap: sessions that week counting this one, and the cap. */
  week?: { booked: number; cap: number };
  /** understaffed: people assigned and needed. */
  staffing?: { have: number; need: number };
}

/** A rule a session's current assignment breaks. */
export interface SessionBreach extends RuleBreach {
  sessionId: string;
}

/** A locked session whose manual assignment breaks a rule. */
export type LockedIssue = SessionBreach;

export interface FacilitatorLoad {
  facilitatorId: string;
  name: string;
  sessions: number;
  leads: number;
  minutes: number;
  /** Sessions in the window this person could work at all (pool, active, availability, no absence). */
  availableSessions: number;
  /** sessions / availableSessions (0 when nothing is available): the fairness measure. */
  share: number;
}

export interface PlannerResult {
  /** Every session of the input; locked sessions unchanged; unfilled sessions are empty. */
  assignments: Record<string, RoleAssignment[]>;
  unfilled: UnfilledSession[];
  load: FacilitatorLoad[];
  /** Session ids whose assignment (people or roles) differs from `current`. */
  changed: string[];
  /** Locked sessions whose manual assignment breaks a rule; they are kept, never changed. */
  lockedIssues: LockedIssue[];
  /** The largest share over all facilitators, and the pair-repeat count (lower is better). */
  fairness: { maxShare: number; repeatedPairs: number };
  /** The rota summary of the result (summary.ts): unfilled, load and fairness above come from it. */
  summary: RotaSummary;
}

export type AssignmentViolationReason =
  | 'wrong-count'
  | 'duplicate-facilitator'
  | 'unknown-facilitator'
  | 'inactive'
  | 'not-in-pool'
  | 'absent'
  | 'unavailable'
  | 'already-booked'
  | 'at-weekly-cap'
  | 'no-trained-lead'
  | 'trainee-alone';

export interface AssignmentViolation {
  reason: AssignmentViolationReason;
  facilitatorId?: string;
}
