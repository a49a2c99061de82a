import { SessionEntity } from '../database/schema/session.entity';
import { NewEvent } from './core/event-types';

type Assigned = { facilitatorId: string; role: string };

const slot = (s: Pick<SessionEntity, 'id' | 'startsAt' | 'endsAt'>) => ({ sessionId: s.id, startsAt: s.startsAt, endsAt: s.endsAt });

/**
 * The events of an assignment change on a published session (what facilitators see in calendars):
 * one per person added or removed; a person who stays with another role counts as removed and added.
 * Unpublished sessions are still drafts: their changes reach the outside world with `rota.published`.
 */
export function assignmentEvents(session: SessionEntity, before: Assigned[], after: Assigned[], action: string): NewEvent[] {
  if (!session.published) return [];
  const key = (a: Assigned) => `${a.facilitatorId}|${a.role}`;
  const was = new Set(before.map(key));
  const is = new Set(after.map(key));
  const base = { ...slot(session), groupId: session.groupId, action };
  return [
    ...before
      .filter((a) => !is.has(key(a)))
      .map((a): NewEvent => ({
        type: 'facilitator.session-removed',
        wardId: session.wardId,
        data: { ...base, facilitatorId: a.facilitatorId, role: a.role },
      })),
    ...after
      .filter((a) => !was.has(key(a)))
      .map((a): NewEvent => ({
        type: 'facilitator.session-added',
        wardId: session.wardId,
        data: { ...base, facilitatorId: a.facilitatorId, role: a.role },
      })),
  ];
}

/** A published session's time, place or status changed. */
export function sessionChangedEvent(
  session: Pick<SessionEntity, 'id' | 'wardId' | 'groupId' | 'startsAt' | 'endsAt' | 'published'>,
  change: 'cancelled' | 'uncancelled' | 'retimed' | 'updated' | 'removed',
  facilitatorIds: string[],
  status: string,
): NewEvent[] {
  if (!session.published) return [];
  return [
    {
      type: 'session.changed',
      wardId: session.wardId,
      data: { ...slot(session), groupId: session.groupId, change, status, facilitatorIds: [...new Set(facilitatorIds)].sort() },
    },
  ];
}

/** A window of a ward's rota was released to calendars: the sessions and the people on them. */
export function publishedEvent(
  wardId: string,
  from: string,
  to: string,
  sessions: Pick<SessionEntity, 'id'>[],
  assigned: { facilitatorId: string }[],
): NewEvent {
  return {
    type: 'rota.published',
    wardId,
    data: {
      from,
      to,
      sessionIds: sessions.map((s) => s.id),
      facilitatorIds: [...new Set(assigned.map((a) => a.facilitatorId))].sort(),
    },
  };
}
