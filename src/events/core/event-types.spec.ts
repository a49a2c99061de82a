import { createHmac } from 'node:crypto';
import { backoffMs, deliveryBody, webhookWants } from './event-types';

describe('event delivery helpers', () => {
  it('backs off 1 s, 2 s, 4 s … up to ten minutes', () => {
    expect([1, 2, 3, 4, 10, 11, 50].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 512_000, 600_000, 600_000]);
  });

  it('matches a webhook by type and ward', () => {
    const ev = { type: 'rota.published' as const, wardId: 'w1' };
    expect(webhookWants(['*'], null, ev)).toBe(true);
    expect(webhookWants(['rota.published'], ['w1'], ev)).toBe(true);
    expect(webhookWants(['rota.published'], ['w2'], ev)).toBe(false);
    expect(webhookWants(['offer.created'], null, ev)).toBe(false);
  });

  it('writes the body with a fixed key order, so a receiver can verify the signature over the bytes', () => {
    const body = deliveryBody({
      data: { sessionId: 's' },
      wardId: 'w',
      occurredAt: '2027-03-01T09:00:00.000Z',
      type: 'session.changed',
      id: 'e',
    });
    expect(body).toBe('{"id":"e","type":"session.changed","occurredAt":"2027-03-01T09:00:00.000Z","wardId":"w","data":{"sessionId":"s"}}');
    expect(createHmac('sha256', 'k').update(body).digest('hex')).toMatch(/^[0-9a-f]{64}$/);
  });
});
