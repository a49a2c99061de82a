/** Reading outcomes for session lists, and their response shape. */
import { EntityManager, In } from 'typeorm';
import { toWardInstant } from '../common/time';
import { SessionEntity } from '../database/schema/session.entity';
import { SessionOutcomeEntity } from '../database/schema/session-outcome.entity';
import { chunks } from './session-rows';
import { SessionOutcomeDto } from './sessions.dto';

export async function outcomesOf(em: EntityManager, sessionIds: string[]): Promise<Map<string, SessionOutcomeEntity>> {
  const found = new Map<string, SessionOutcomeEntity>();
  for (const batch of chunks(sessionIds)) {
    for (const outcome of await em.find(SessionOutcomeEntity, { where: { sessionId: In(batch) } })) found.set(outcome.sessionId, outcome);
  }
  return found;
}

export function mapOutcome(row: SessionEntity, outcome: SessionOutcomeEntity | undefined, timezone: string): SessionOutcomeDto | null {
  if (!outcome) return null;
  return {
    held: outcome.held,
    reason: outcome.reason,
    facilitatorIds: outcome.facilitatorIds,
    moduleNumber: outcome.held ? row.moduleNumber : null,
    recordedAt: toWardInstant(outcome.recordedAt, timezone),
  };
}

/** A session's status with its outcome: one recorded as not held is `not-held`. */
export function statusWithOutcome(row: SessionEntity, outcome: SessionOutcomeEntity | undefined): 'scheduled' | 'cancelled' | 'not-held' {
  return outcome?.held === false ? 'not-held' : row.status;
}
