import { EntityManager } from 'typeorm';
import { SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { NewEvent } from './core/event-types';
import { recordEvents } from './outbox';

/**
 * A new absence breaks the person's scheduled sessions on those (ward-local) days that have not
 * started: one `conflict.detected` per session, recorded in the absence's own transaction.
 */
export async function recordAbsenceConflicts(
  em: EntityManager,
  facilitatorId: string,
  from: string,
  to: string,
  now: string,
): Promise<void> {
  const hit = await em
    .createQueryBuilder(SessionAssignmentEntity, 'a')
    .innerJoin(SessionEntity, 's', 's.id = a.sessionId')
    .select(['a.sessionId AS "sessionId"', 'a.wardId AS "wardId"', 'a.role AS "role"', 's.startsAt AS "startsAt"'])
    .where('a.facilitatorId = :facilitatorId', { facilitatorId })
    .andWhere("s.status = 'scheduled' AND s.occurrenceDate >= :from AND s.occurrenceDate <= :to AND s.startsAt > :now", { from, to, now })
    .orderBy('s.startsAt', 'ASC')
    .getRawMany<{ sessionId: string; wardId: string; role: string; startsAt: string }>();
  const events: NewEvent[] = hit.map((h) => ({
    type: 'conflict.detected',
    wardId: h.wardId,
    data: { sessionId: h.sessionId, startsAt: h.startsAt, facilitatorId, role: h.role, rule: 'absent' },
  }));
  await recordEvents(em, events, now);
}
