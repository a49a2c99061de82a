import { EntityManager, IsNull } from 'typeorm';
import { newId } from '../common/ids';
import { OutboxEventEntity, WebhookDeliveryEntity, WebhookEntity } from '../database/schema/outbox.entity';
import { NewEvent, webhookWants } from './core/event-types';

/**
 * Writes events into the outbox inside the caller's transaction, with a pending delivery for every
 * webhook that wants each one. Call it last in the transaction: on PostgreSQL it takes the outbox
 * lock (held to commit), so `seq` order is commit order and a follower never skips an event.
 */
export async function recordEvents(em: EntityManager, events: NewEvent[], now: string): Promise<void> {
  if (!events.length) return;
  // One lock for the whole outbox, taken last and held to commit: sequence order is commit order.
  if (em.connection.options.type === 'postgres') await em.query("SELECT pg_advisory_xact_lock(hashtext('imr-outbox'))");
  const hooks = await em.find(WebhookEntity, { where: { deletedAt: IsNull() } });
  for (const event of events) {
    const id = newId();
    const inserted = await em.insert(OutboxEventEntity, {
      id,
      type: event.type,
      wardId: event.wardId,
      occurredAt: now,
      data: event.data as never,
    });
    const seq = Number(inserted.identifiers[0]?.seq ?? inserted.generatedMaps[0]?.seq);
    const deliveries = hooks
      .filter((h) => webhookWants(h.events, h.wardIds, event))
      .map((h) => ({
        id: newId(),
        webhookId: h.id,
        eventSeq: seq,
        eventId: id,
        eventType: event.type,
        wardId: event.wardId,
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: now,
      }));
    if (deliveries.length) await em.insert(WebhookDeliveryEntity, deliveries);
  }
}
