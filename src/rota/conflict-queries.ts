/**
 * Plain SQL for the conflict checks that run after every write to a person (no query building or
 * entity mapping per statement). Every column read is text or a number; booleans are normalised,
 * as SQLite gives 0/1 and PostgreSQL true/false. Placeholders are numbered in the order they first
 * appear, as SQLite binds them.
 */
import { EntityManager } from 'typeorm';
import { SessionRef } from '../common/rota-integrity';
import { placeholders } from '../database/sql-lists';

const CHUNK = 400;

export interface Assigned {
  sessionId: string;
  facilitatorId: string;
  role: 'lead' | 'co';
}

const PERSONAL = (people: number) => `SELECT s.id AS "id", s."wardId" AS "wardId", s."startsAt" AS "startsAt", s."endsAt" AS "endsAt",
  s.status AS "status", s."facilitatorsPerSession" AS "facilitatorsPerSession", s.locked AS "locked",
  a."facilitatorId" AS "facilitatorId", a.role AS "role"
FROM sessions s JOIN session_assignments a ON a."sessionId" = s.id
WHERE s.status = 'scheduled' AND s."startsAt" > $1
  AND s.id IN (SELECT b."sessionId" FROM session_assignments b WHERE b."startsAt" > $1 AND b."facilitatorId" IN (${placeholders(2, people)}))
ORDER BY s.id, a."facilitatorId"`;

/** The coming scheduled sessions these people are on, with everyone on them: one statement per 400 people. */
export async function personalSessions(
  em: EntityManager,
  facilitatorIds: string[],
  now: string,
): Promise<{ rows: SessionRef[]; assigned: Assigned[] }> {
  const rows = new Map<string, SessionRef>();
  const assigned: Assigned[] = [];
  for (let i = 0; i < facilitatorIds.length; i += CHUNK) {
    const batch = facilitatorIds.slice(i, i + CHUNK);
    const found: Record<string, string | number | boolean>[] = await em.query(PERSONAL(batch.length), [now, ...batch]);
    for (const r of found) {
      const id = String(r.id);
      if (!rows.has(id)) {
        rows.set(id, {
          id,
          wardId: String(r.wardId),
          startsAt: String(r.startsAt),
          endsAt: String(r.endsAt),
          status: String(r.status),
          facilitatorsPerSession: Number(r.facilitatorsPerSession),
          locked: Boolean(Number(r.locked)),
        });
        // Another batch may have named the same session: its people are all here already.
      } else if (i > 0 && assigned.some((a) => a.sessionId === id && a.facilitatorId === r.facilitatorId)) continue;
      assigned.push({ sessionId: id, facilitatorId: String(r.facilitatorId), role: r.role as Assigned['role'] });
    }
  }
  return { rows: [...rows.values()], assigned };
}

/** What a session's own side of its conflicts is: its slot, status, size, lock and people. */
export function shapeOf(r: SessionRef, people: readonly Pick<Assigned, 'facilitatorId' | 'role'>[] = []): string {
  const who = people.map((a) => `${a.facilitatorId}:${a.role}`).sort();
  return `${r.startsAt},${r.endsAt},${r.status},${r.facilitatorsPerSession},${r.locked}|${who.join(',')}`;
}

export function bySession<T extends { sessionId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.sessionId);
    if (list) list.push(r);
    else out.set(r.sessionId, [r]);
  }
  return out;
}
