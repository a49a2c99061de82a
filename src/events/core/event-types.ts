/**
 * The events the service tells the outside world about (webhooks, in-process subscribers). Each
 * carries ids, times and states only: never a patient reference, name or goal.
 */
export const EVENT_TYPES = [
  'rota.published',
  'session.changed',
  'facilitator.session-added',
  'facilitator.session-removed',
  'offer.created',
  'offer.claimed',
  'offer.approved',
  'offer.declined',
  'offer.expired',
  'swap.proposed',
  'swap.accepted',
  'swap.approved',
  'swap.declined',
  'swap.expired',
  'conflict.detected',
  'referral.overdue',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export type EventValue = string | number | boolean | null | string[];

/** What a change records; the outbox adds the id and the time. */
export interface NewEvent {
  type: EventType;
  wardId: string;
  data: Record<string, EventValue>;
}

/** An event as delivered: the webhook body and the in-process payload. */
export interface ImrEvent extends NewEvent {
  id: string;
  occurredAt: string;
}

/** A webhook subscribes to types; '*' means every type. */
export function webhookWants(events: string[], wardIds: string[] | null, event: Pick<NewEvent, 'type' | 'wardId'>): boolean {
  return (events.includes('*') || events.includes(event.type)) && (wardIds === null || wardIds.includes(event.wardId));
}

/** The body of a delivery, byte for byte what the signature covers. Key order is fixed. */
export function deliveryBody(event: ImrEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurredAt, wardId: event.wardId, data: event.data });
}

/** Retry back-off after the n-th failed attempt (1-based): 1 s, 2 s, 4 s … capped at 10 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(600_000, 1000 * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
}
