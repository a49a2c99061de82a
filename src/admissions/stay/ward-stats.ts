/*
 * Ward figures for GET /api/wards/:wardId/stats?from=&to=. The caller picks the window: sessions
 * starting in it, and stays discharged in it.
 *
 * - Sessions that have started (startsAt <= now) and were not cancelled are counted apart by their
 *   outcome: held, not held, or unrecorded (no outcome yet: not counted as held). One still ahead in
 *   the window is none of these. Cancelled counts every cancelled session.
 * - Facilitator hours: over held sessions, for each person who actually ran one (the outcome's list),
 *   the sessions and their hours.
 * - Participants per session: over held sessions, an empty one included (it was run). Median of an
 *   even count is the mean of the middle two; median and max are null with no held session.
 *   over8 counts sessions above 8, the IMR Fidelity Scale's full-marks group size; overCapacity
 *   those above the group's own capacity.
 * - Short stays: a stay "has all core" when every module it planned was completed; a short stay
 *   plans exactly the ward's core set, so its plan is the core set that applied to it. Stays that
 *   are not short are ignored. The share is null when none was discharged.
 * - Most missed: per module, how many of those short stays left without completing it; modules
 *   nobody missed are left out; sorted by missedBy descending, then module ascending.
 */
import { StayClass } from './stay';

export const FIDELITY_GROUP_SIZE = 8;

export interface StatsSession {
  id: string;
  status: 'scheduled' | 'cancelled';
  /** The recorded outcome; null: none recorded. */
  outcome: { held: boolean; facilitatorIds: string[] } | null;
  startsAt: string;
  endsAt: string;
  participants: number;
  capacity: number;
}

export interface DischargedStay {
  plannedModules: number[];
  completedModules: number[];
  dischargedOn: string;
  stay: StayClass;
}

export interface WardStatsInput {
  now: string;
  sessions: StatsSession[];
  dischargedStays: DischargedStay[];
}

export interface FacilitatorHours {
  facilitatorId: string;
  sessions: number;
  hours: number;
}

export interface WardStats {
  sessionsHeld: number;
  sessionsNotHeld: number;
  sessionsUnrecorded: number;
  sessionsCancelled: number;
  facilitatorHours: FacilitatorHours[];
  participantsPerSession: { median: number | null; max: number | null; over8: number; overCapacity: number };
  shortStaysDischarged: number;
  shortStaysWithAllCore: number;
  shareShortStaysWithAllCore: number | null;
  mostMissedModules: { module: number; missedBy: number }[];
}

export function computeWardStats(input: WardStatsInput): WardStats {
  const nowMs = Date.parse(input.now);
  const started = input.sessions.filter((session) => session.status === 'scheduled' && Date.parse(session.startsAt) <= nowMs);
  const held = started.filter((session) => session.outcome?.held === true);
  const participants = held.map((session) => session.participants);

  const shortStays = input.dischargedStays.filter((stay) => stay.stay === 'short');
  const missedBy = new Map<number, number>();
  let withAllCore = 0;
  for (const stay of shortStays) {
    const completed = new Set(stay.completedModules);
    const missed = [...new Set(stay.plannedModules)].filter((module) => !completed.has(module));
    if (missed.length === 0) withAllCore++;
    for (const module of missed) missedBy.set(module, (missedBy.get(module) ?? 0) + 1);
  }

  return {
    sessionsHeld: held.length,
    sessionsNotHeld: started.filter((session) => session.outcome?.held === false).length,
    sessionsUnrecorded: started.filter((session) => session.outcome === null).length,
    facilitatorHours: facilitatorHours(held),
    sessionsCancelled: input.sessions.filter((session) => session.status === 'cancelled').length,
    participantsPerSession: {
      median: median(participants),
      max: participants.length === 0 ? null : participants.reduce((a, b) => Math.max(a, b)),
      over8: participants.filter((count) => count > FIDELITY_GROUP_SIZE).length,
      overCapacity: held.filter((session) => session.participants > session.capacity).length,
    },
    shortStaysDischarged: shortStays.length,
    shortStaysWithAllCore: withAllCore,
    shareShortStaysWithAllCore: shortStays.length === 0 ? null : withAllCore / shortStays.length,
    mostMissedModules: [...missedBy.entries()]
      .map(([module, count]) => ({ module, missedBy: count }))
      .sort((a, b) => b.missedBy - a.missedBy || a.module - b.module),
  };
}

function facilitatorHours(held: StatsSession[]): FacilitatorHours[] {
  const minutes = new Map<string, { sessions: number; minutes: number }>();
  for (const session of held) {
    const length = (Date.parse(session.endsAt) - Date.parse(session.startsAt)) / 60_000;
    for (const id of new Set(session.outcome!.facilitatorIds)) {
      const sum = minutes.get(id) ?? { sessions: 0, minutes: 0 };
      minutes.set(id, { sessions: sum.sessions + 1, minutes: sum.minutes + length });
    }
  }
  return [...minutes.entries()]
    .map(([facilitatorId, sum]) => ({ facilitatorId, sessions: sum.sessions, hours: Math.round((sum.minutes / 60) * 100) / 100 }))
    .sort((a, b) => b.hours - a.hours || (a.facilitatorId < b.facilitatorId ? -1 : 1));
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
