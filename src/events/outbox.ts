import { EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import { OutboxEventEntity, WebhookDeliveryEntity } from '../database/schema/outbox.entity';
import { allEnded } from '../database/database';
import { valueRows } from '../database/sql-lists';
import { NewEvent, webhookWants } from './core/event-types';

/**
 * Rows per INSERT: one statement for a write's events (and one for their deliveries) however many
 * sessions it changed, well inside SQLite's and PostgreSQL's limits on bound parameters.
 */
const EVENTS_PER_INSERT = 500;
const DELIVERIES_PER_INSERT = 500;
/** Plain SQL under the write lock (a built find costs three times the statement): what routing needs, simple-json as text on both databases. */
const LIVE_WEBHOOKS = 'SELECT w.id AS "id", w.events AS "events", w."wardIds" AS "wardIds" FROM webhooks w WHERE w."deletedAt" IS NULL';
/**
 * PostgreSQL: the outbox lock and the live webhooks in one round trip. The lock's one row is the
 * outer side of the join, so it is taken even when there are no webhooks (one row of nulls then).
 */
const LOCK_AND_LIVE_WEBHOOKS =
  'SELECT w.id AS "id", w.events AS "events", w."wardIds" AS "wardIds" ' +
  'FROM (SELECT pg_advisory_xact_lock(hashtext(\'imr-outbox\'))) l LEFT JOIN webhooks w ON w."deletedAt" IS NULL';

type LiveWebhook = { id: string; events: string[]; wardIds: string[] | null };

async function liveWebhooks(em: EntityManager, sql: string): Promise<LiveWebhook[]> {
  const rows: { id: string | null; events: string; wardIds: string | null }[] = await em.query(sql);
  return rows
    .filter((r) => r.id !== null)
    .map((r) => ({
      id: String(r.id),
      events: JSON.parse(r.events) as string[],
      wardIds: r.wardIds === null ? null : (JSON.parse(r.wardIds) as string[]),
    }));
}

/**
 * Writes events into the outbox inside the caller's transaction, with a pending delivery for every
 * webhook that wants each one. Call it last in the transaction: on PostgreSQL it takes the outbox
 * lock (held to commit), so `seq` order is commit order and a follower never skips an event.
 * The events get their `seq` in the order given: one multi-row INSERT numbers its rows in order (on
 * SQLite under the write lock the numbers are consecutive, ending at the last rowid; on PostgreSQL
 * RETURNING gives each row's). Plain SQL: a plan writes a hundred events, and building the INSERT
 * through TypeORM cost more than the database did.
 */
export async function recordEvents(em: EntityManager, events: NewEvent[], now: string): Promise<void> {
  if (!events.length) return;
  const postgres = em.connection.options.type === 'postgres';
  const batches: { id: string; event: NewEvent }[][] = [];
  for (let i = 0; i < events.length; i += EVENTS_PER_INSERT)
    batches.push(events.slice(i, i + EVENTS_PER_INSERT).map((event) => ({ id: newId(), event })));
  const insert = (batch: { id: string; event: NewEvent }[], returning: boolean): Promise<unknown> =>
    em.query(
      `INSERT INTO "outbox_events" ("id", "type", "wardId", "occurredAt", "data") VALUES ${valueRows(5, batch.length)}` +
        (returning ? ' RETURNING "seq" AS "seq", "id" AS "id"' : ''),
      batch.flatMap(({ id, event }) => [id, event.type, event.wardId, now, JSON.stringify(event.data)]),
    );
  // PostgreSQL: one lock for the whole outbox, taken last and held to commit, so sequence order is
  // commit order; the webhooks come with it. SQLite (the write lock held since BEGIN): the webhooks
  // are read beside the first INSERT, which numbers its rows without them.
  let hooks: LiveWebhook[];
  let first: unknown = undefined;
  if (postgres) hooks = await liveWebhooks(em, LOCK_AND_LIVE_WEBHOOKS);
  else
    [hooks, first] = await allEnded(
      () => liveWebhooks(em, LIVE_WEBHOOKS),
      () => insert(batches[0], false),
    );
  const deliveries: unknown[][] = [];
  for (const [n, batch] of batches.entries()) {
    const numbered = !!hooks.length;
    const answer = !postgres && n === 0 ? first : await insert(batch, numbered && postgres);
    if (!numbered) continue;
    const seqOf = postgres
      ? new Map((answer as { seq: number | string; id: string }[]).map((r) => [r.id, Number(r.seq)]))
      : new Map(batch.map(({ id }, index) => [id, Number(answer) - (batch.length - 1) + index]));
    for (const { id, event } of batch) {
      const seq = seqOf.get(id);
      if (seq === undefined || !Number.isInteger(seq)) throw new Error('the outbox insert did not number its rows');
      for (const h of hooks) {
        if (!webhookWants(h.events, h.wardIds, event)) continue;
        // Every column is given: no read-back of defaults after the insert.
        deliveries.push([newId(), h.id, seq, id, event.type, event.wardId, 'pending', 0, now]);
      }
    }
  }
  for (let i = 0; i < deliveries.length; i += DELIVERIES_PER_INSERT) {
    const batch = deliveries.slice(i, i + DELIVERIES_PER_INSERT);
    await em.query(
      `INSERT INTO "webhook_deliveries" ("id", "webhookId", "eventSeq", "eventId", "eventType", "wardId", "status", "attempts", "nextAttemptAt") VALUES ${valueRows(9, batch.length)}`,
      batch.flat(),
    );
  }
}

/**
 * Deletes what the outbox no longer needs (the nightly prune-outbox job): webhook deliveries
 * delivered before `before`, and events that occurred before it, except events some webhook has
 * still to deliver (a pending delivery keeps its event, however old). The stream follows new
 * events only, and `seq` is never reused (AUTOINCREMENT, a sequence), so nothing that follows the
 * outbox can mistake a later event for a deleted one.
 */
export async function pruneOutbox(em: EntityManager, before: string): Promise<{ events: number; deliveries: number }> {
  const deliveries = await em
    .createQueryBuilder()
    .delete()
    .from(WebhookDeliveryEntity)
    .where(`status = 'delivered' AND "deliveredAt" < :before`, { before })
    .execute();
  const events = await em
    .createQueryBuilder()
    .delete()
    .from(OutboxEventEntity)
    .where(`"occurredAt" < :before AND seq NOT IN (SELECT d."eventSeq" FROM webhook_deliveries d WHERE d.status = 'pending')`, { before })
    .execute();
  return { events: events.affected ?? 0, deliveries: deliveries.affected ?? 0 };
}
