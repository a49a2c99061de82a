import { EntityManager } from 'typeorm';
import { AdmissionEntity, AttendanceEntity } from '../database/schema/admission.entity';
import { SessionEntity } from '../database/schema/session.entity';

/** What recording one attendance checks under the admission's lock, from the rows as they are now. */
export interface RecordingFacts {
  admission: Pick<AdmissionEntity, 'admittedOn' | 'dischargedOn'>;
  session: Pick<SessionEntity, 'status' | 'startsAt'>;
  /** This attendance as recorded already, or null. */
  recorded: AttendanceEntity | null;
  /** The session's outcome says it was not held. */
  notHeld: boolean;
  /** Attendance recorded at the session so far. */
  participants: number;
}

// Plain SQL, one statement (five finds before): every column is text or a count, read alike on SQLite and PostgreSQL
// (placeholders numbered in the order they first appear, as SQLite binds them).
const FACTS = `SELECT a."admittedOn" AS "admittedOn", a."dischargedOn" AS "dischargedOn", s.status AS "status", s."startsAt" AS "startsAt",
  r."wardId" AS "recordedWardId", r."startsAt" AS "recordedStartsAt", r."moduleNumber" AS "moduleNumber", r."modulePart" AS "modulePart",
  r."moduleParts" AS "moduleParts", r."overCapacity" AS "overCapacity", r."recordedAt" AS "recordedAt",
  (SELECT COUNT(*) FROM session_outcomes o WHERE o."sessionId" = s.id AND o.held = FALSE) AS "notHeld",
  (SELECT COUNT(*) FROM attendance t WHERE t."sessionId" = s.id) AS "participants"
FROM sessions s CROSS JOIN admissions a LEFT JOIN attendance r ON r."sessionId" = s.id AND r."admissionId" = a.id
WHERE s.id = $1 AND a.id = $2`;

/** The facts, or null when the session or the admission is gone. */
export async function recordingFacts(em: EntityManager, sessionId: string, admissionId: string): Promise<RecordingFacts | null> {
  const rows: Record<string, string | number | boolean | null>[] = await em.query(FACTS, [sessionId, admissionId]);
  const row = rows[0];
  if (!row) return null;
  return {
    admission: { admittedOn: String(row.admittedOn), dischargedOn: row.dischargedOn === null ? null : String(row.dischargedOn) },
    session: { status: String(row.status) as SessionEntity['status'], startsAt: String(row.startsAt) },
    // The row itself when recorded: a repeat answers with it without reading it again.
    recorded:
      row.recordedAt === null
        ? null
        : Object.assign(new AttendanceEntity(), {
            sessionId,
            admissionId,
            wardId: String(row.recordedWardId),
            startsAt: String(row.recordedStartsAt),
            moduleNumber: Number(row.moduleNumber),
            modulePart: Number(row.modulePart),
            moduleParts: Number(row.moduleParts),
            overCapacity: Boolean(Number(row.overCapacity)),
            recordedAt: String(row.recordedAt),
          }),
    notHeld: Number(row.notHeld) > 0,
    participants: Number(row.participants),
  };
}
