/** Loads what the curriculum loop needs to know beyond the schedule: cancellations and what started sessions taught. */
import { Between, EntityManager, LessThanOrEqual } from 'typeorm';
import { SessionEntity } from '../database/schema/session.entity';
import { SessionOutcomeEntity } from '../database/schema/session-outcome.entity';
import { SessionFacts } from '../groups/schedule/group-schedule';
import { StartedFact } from '../groups/schedule/curriculum';

/**
 * Per group of the ward: cancelled dates up to `to`, and, from the group's first recorded outcome on,
 * the stored module of every session that has started (with its outcome, if any). Before a group's first
 * outcome the stored rows are what the schedule gives, so they need not be read.
 */
export async function loadSessionFacts(
  em: EntityManager,
  wardId: string,
  groupIds: string[],
  cancelled: { groupId: string; occurrenceDate: string }[],
  to: string,
  now: string,
): Promise<Map<string, SessionFacts>> {
  const outcomes = await em.find(SessionOutcomeEntity, {
    select: { sessionId: true, groupId: true, occurrenceDate: true, held: true },
    where: { wardId, occurrenceDate: LessThanOrEqual(to) },
  });
  const facts = new Map<string, { cancelled: Set<string>; now: string; started: Map<string, StartedFact> }>(
    groupIds.map((id) => [id, { cancelled: new Set<string>(), now, started: new Map() }]),
  );
  for (const c of cancelled) facts.get(c.groupId)?.cancelled.add(c.occurrenceDate);
  const firstOutcome = new Map<string, string>();
  const outcomeOf = new Map<string, SessionOutcomeEntity>();
  for (const outcome of outcomes) {
    outcomeOf.set(outcome.sessionId, outcome);
    const first = firstOutcome.get(outcome.groupId);
    if (!first || outcome.occurrenceDate < first) firstOutcome.set(outcome.groupId, outcome.occurrenceDate);
  }
  for (const [groupId, first] of firstOutcome) {
    const group = facts.get(groupId);
    if (!group) continue;
    const rows = await em.find(SessionEntity, {
      select: { id: true, occurrenceDate: true, startsAt: true, status: true, moduleNumber: true, modulePart: true, moduleParts: true },
      where: { groupId, occurrenceDate: Between(first, to), startsAt: LessThanOrEqual(now) },
    });
    for (const row of rows) {
      if (row.status === 'cancelled') continue;
      const held = outcomeOf.get(row.id)?.held ?? null;
      group.started.set(row.occurrenceDate, { held, module: row.moduleNumber, part: row.modulePart, parts: row.moduleParts });
    }
  }
  return facts;
}
