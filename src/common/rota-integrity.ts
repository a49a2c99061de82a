/**
 * The rota's integrity checks as other features see them (a port: the rota module provides it), so
 * sessions, groups, facilitators and wards can report the assignments a write broke without
 * importing the rota. Plain types only.
 */

/** A stored session as the checks need it. */
export interface SessionRef {
  id: string;
  wardId: string;
  startsAt: string;
  endsAt: string;
  status: string;
  facilitatorsPerSession: number;
  locked: boolean;
}

export interface SessionConflict {
  facilitatorId: string | null;
  rule: string;
  detail: string;
}

/** The sessions a write may touch: those of these people, wards, groups, or these ids (scheduled, not started). */
export interface IntegrityScope {
  facilitatorIds?: string[];
  wardIds?: string[];
  groupIds?: string[];
  sessionIds?: string[];
}

export abstract class RotaIntegrity {
  /**
   * The hard rules each session's current assignment breaks now (sessions that have started: none).
   * `assignments`: the sessions' people, when the caller has just read them (saves a query).
   */
  abstract conflictsOf(
    sessions: readonly SessionRef[],
    em?: unknown,
    assignments?: readonly { sessionId: string; facilitatorId: string; role: string }[],
  ): Promise<Map<string, SessionConflict[]>>;

  /** Runs a write and answers which sessions of the scope it broke: a new broken rule, or fewer people. */
  abstract watch<T>(scope: IntegrityScope, write: () => Promise<T>): Promise<{ result: T; affectedSessions: string[] }>;
}
