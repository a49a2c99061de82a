import { EntityManager } from 'typeorm';
import { AdmissionEntity } from '../database/schema/admission.entity';
import { SessionEntity } from '../database/schema/session.entity';

/** What recording one attendance checks under the admission's lock, from the rows as they are now. */
export interface RecordingFacts {
  admission: Pick<AdmissionEntity, 'admittedOn' | 'dischargedOn'>;
  session: Pick<SessionEntity, 'status' | 'startsAt'>;
  /** This attendance is recorded already. */
  recorded: boolean;
  /** The session's outcome says it was not held. */
  notHeld: boolean;
  /** Attendance recorded at the session so far. */
  participants: number;
}

// Plain SQL, one statement (five finds before): every column is text or a count, read alike on SQLite and PostgreSQL
// (placeholders numbered in the order they first appear, as SQLite binds them).
const FACTS = `SELECT a."admittedOn" AS "admittedOn", a."dischargedOn" AS "dischargedOn", s.status AS "status", s."startsAt" AS "startsAt",
  (SELECT COUNT(*) FROM attendance t WHERE t."sessionId" = s.id AND t."admissionId" = a.id) AS "recorded",
  (SELECT COUNT(*) FROM session_outcomes o WHERE o."sessionId" = s.id AND o.held = FALSE) AS "notHeld",
  (SELECT COUNT(*) FROM attendance t WHERE t."sessionId" = s.id) AS "participants"
FROM sessions s, admissions a WHERE s.id = $1 AND a.id = $2`;

/** The facts, or null when the session or the admission is gone. */
export async function recordingFacts(em: EntityManager, sessionId: string, admissionId: string): Promise<RecordingFacts | null> {
  const rows: Record<string, string | number | null>[] = await em.query(FACTS, [sessionId, admissionId]);
  const row = rows[0];
  if (!row) return null;
  return {
    admission: { admittedOn: String(row.admittedOn), dischargedOn: row.dischargedOn === null ? null : String(row.dischargedOn) },
    session: { status: String(row.status) as SessionEntity['status'], startsAt: String(row.startsAt) },
    recorded: Number(row.recorded) > 0,
    notHeld: Number(row.notHeld) > 0,
    participants: Number(row.participants),
  };
}
