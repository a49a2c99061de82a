/** Attendance read in aggregate, for reports over many sessions (ward statistics, fidelity). */
import { EntityManager, In } from 'typeorm';
import { AttendanceEntity } from '../database/schema/admission.entity';
import { chunks } from '../sessions/session-rows';

/** How many people attended each session; sessions nobody attended are absent from the map. */
export async function participantsPerSession(em: EntityManager, sessionIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const batch of chunks(sessionIds)) {
    const rows = await em
      .getRepository(AttendanceEntity)
      .createQueryBuilder('a')
      .select('a.sessionId', 'sessionId')
      .addSelect('COUNT(*)', 'participants')
      .where({ sessionId: In(batch) })
      .groupBy('a.sessionId')
      .getRawMany<{ sessionId: string; participants: string | number }>();
    for (const row of rows) counts.set(row.sessionId, Number(row.participants));
  }
  return counts;
}
