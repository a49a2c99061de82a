/*
 * Progress of one admission through its planned modules, and a forecast of what still fits.
 *
 * Completion: a module is completed when every part 1..P has been attended during the stay, in any
 * order and in any sessions (open groups cycle, and parts may come from different groups). P is
 * the largest `parts` its attended sessions report: judged on what the patient attended (sessions
 * announced later cannot undo a completion), and on the longest curriculum among them when groups
 * disagree. Attendance is trusted to lie within the stay (the service refuses any other when it is
 * recorded), so admittedOn is not re-checked for it.
 *
 * Forecast: for each missing part of each planned, unfinished module, the earliest upcoming session
 * teaching that (module, part) inside the stay: it starts after `now`, falls on or after the admission
 * day (an admission entered ahead of time gets no sessions from before it) and, when the expected
 * discharge is known, on or before that day (a session on the discharge day counts). Missing parts are
 * counted against the largest `parts` seen in attended or upcoming sessions of the module.
 *
 * At risk: a planned module the ward offers (`offeredModules`, when given) with a missing part that no
 * forecast session covers, or with no known session at all. A remaining module the ward does not offer
 * is never at risk: it is listed in `afterDischarge`, to be offered by the receiving service. With no
 * expected discharge nothing is at risk. Once discharged, nothing more can be taught here: the forecast
 * is empty, nothing is at risk, and every remaining module is for after discharge.
 */
export interface AttendedSession {
  sessionId: string;
  startsAt: string;
  module: number;
  part: number;
  parts: number;
}

export interface UpcomingSession extends AttendedSession {
  localDate: string;
}

export interface ProgressInput {
  plannedModules: number[];
  admittedOn: string;
  expectedDischargeOn: string | null;
  dischargedOn: string | null;
  now: string;
  attended: AttendedSession[];
  upcoming: UpcomingSession[];
  /** Modules the ward's groups teach now or later; omitted: every module counts as offered. */
  offeredModules?: number[];
}

export interface ModulePartSession {
  module: number;
  part: number;
  sessionId: string;
  startsAt: string;
}

export interface Progress {
  plannedModules: number[];
  completedModules: number[];
  remainingModules: number[];
  /** Completed modules outside the plan, e.g. module 1 done by a short-stay patient. */
  otherCompletedModules: number[];
  attended: ModulePartSession[];
  forecast: ModulePartSession[];
  atRisk: boolean;
  atRiskModules: number[];
  /** Remaining modules to be offered after discharge: the ward does not offer them, or the stay is over. */
  afterDischarge: number[];
}

export function computeProgress(input: ProgressInput): Progress {
  const plannedModules = [...new Set(input.plannedModules)];
  const attended = uniqueBySession(input.attended).sort(byStartThenSession);

  const attendedParts = new Map<number, Set<number>>();
  const attendedPartCount = new Map<number, number>();
  for (const session of attended) {
    getOrCreate(attendedParts, session.module, () => new Set<number>()).add(session.part);
    attendedPartCount.set(session.module, Math.max(attendedPartCount.get(session.module) ?? 0, session.parts));
  }
  const isCompleted = (module: number) => {
    const parts = attendedPartCount.get(module);
    return parts !== undefined && range(1, parts).every((part) => attendedParts.get(module)!.has(part));
  };

  const completedModules = plannedModules.filter(isCompleted);
  const remainingModules = plannedModules.filter((module) => !isCompleted(module));
  const planned = new Set(plannedModules);
  const otherCompletedModules = [...attendedPartCount.keys()]
    .filter((module) => !planned.has(module) && isCompleted(module))
    .sort((a, b) => a - b);

  const offered = input.offeredModules ? new Set(input.offeredModules) : null;
  const notOffered = remainingModules.filter((module) => offered !== null && !offered.has(module));
  const { forecast, atRiskModules } =
    input.dischargedOn !== null
      ? { forecast: [], atRiskModules: [] }
      : forecastRemaining(input, remainingModules, attendedParts, attendedPartCount);

  return {
    plannedModules,
    completedModules,
    remainingModules,
    otherCompletedModules,
    attended: attended.map(toModulePartSession),
    forecast,
    atRisk: atRiskModules.some((module) => !notOffered.includes(module)),
    atRiskModules: atRiskModules.filter((module) => !notOffered.includes(module)),
    afterDischarge: input.dischargedOn !== null ? remainingModules : notOffered,
  };
}

function forecastRemaining(
  input: ProgressInput,
  remainingModules: number[],
  attendedParts: Map<number, Set<number>>,
  attendedPartCount: Map<number, number>,
): { forecast: ModulePartSession[]; atRiskModules: number[] } {
  const nowMs = Date.parse(input.now);
  const dischargeKnown = input.expectedDischargeOn !== null;
  const inTime = uniqueBySession(input.upcoming)
    .filter((session) => Date.parse(session.startsAt) > nowMs && session.localDate >= input.admittedOn)
    .filter((session) => !dischargeKnown || session.localDate <= input.expectedDischargeOn!)
    .sort(byStartThenSession);
  const firstInTime = new Map<string, UpcomingSession>();
  for (const session of inTime) {
    const key = partKey(session.module, session.part);
    if (!firstInTime.has(key)) firstInTime.set(key, session);
  }
  const partCountSeen = new Map(attendedPartCount);
  for (const session of input.upcoming) {
    partCountSeen.set(session.module, Math.max(partCountSeen.get(session.module) ?? 0, session.parts));
  }

  const forecast: ModulePartSession[] = [];
  const atRiskModules: number[] = [];
  for (const module of remainingModules) {
    const done = attendedParts.get(module) ?? new Set<number>();
    const parts = partCountSeen.get(module) ?? 0;
    const missing = range(1, parts).filter((part) => !done.has(part));
    let coveredAll = parts > 0;
    for (const part of missing) {
      const next = firstInTime.get(partKey(module, part));
      if (next) forecast.push(toModulePartSession(next));
      else coveredAll = false;
    }
    if (dischargeKnown && !coveredAll) atRiskModules.push(module);
  }
  return { forecast, atRiskModules };
}

/** A discharge worklist row needs at least these; soonest expected discharge first, ties by id. */
export interface WorklistItem {
  id: string | number;
  expectedDischargeOn: string;
}

export function sortWorklist<T extends WorklistItem>(items: T[]): T[] {
  return [...items].sort((a, b) => compareText(a.expectedDischargeOn, b.expectedDischargeOn) || compareIds(a.id, b.id));
}

function compareIds(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareText(String(a), String(b));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const partKey = (module: number, part: number) => `${module}:${part}`;

function uniqueBySession<T extends { sessionId: string }>(sessions: T[]): T[] {
  const seen = new Map<string, T>();
  for (const session of sessions) if (!seen.has(session.sessionId)) seen.set(session.sessionId, session);
  return [...seen.values()];
}

function byStartThenSession(a: AttendedSession, b: AttendedSession): number {
  return Date.parse(a.startsAt) - Date.parse(b.startsAt) || compareText(a.sessionId, b.sessionId);
}

function toModulePartSession(session: AttendedSession): ModulePartSession {
  return { module: session.module, part: session.part, sessionId: session.sessionId, startsAt: session.startsAt };
}

function range(from: number, to: number): number[] {
  const numbers: number[] = [];
  for (let n = from; n <= to; n++) numbers.push(n);
  return numbers;
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}
