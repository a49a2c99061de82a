/*
 * Ward figures for GET /api/wards/:wardId/stats?from=&to=. The caller picks the window: sessions
 * starting in it, and stays discharged in it.
 *
 * - Held: a scheduled (not cancelled) session that has started, i.e. startsAt <= now; one still
 *   ahead in the window is neither held nor cancelled. Cancelled counts every cancelled session.
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
  startsAt: string;
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

export interface WardStats {
  sessionsHeld: number;
  sessionsCancelled: number;
  participantsPerSession: { median: number | null; max: number | null; over8: number; overCapacity: number };
  shortStaysDischarged: number;
  shortStaysWithAllCore: number;
  shareShortStaysWithAllCore: number | null;
  mostMissedModules: { module: number; missedBy: number }[];
}

export function computeWardStats(input: WardStatsInput): WardStats {
  const nowMs = Date.parse(input.now);
  const held = input.sessions.filter(
    (session) => session.status === 'scheduled' && Date.parse(session.startsAt) <= nowMs,
  );
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

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
