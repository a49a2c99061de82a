import type { FastifyReply } from 'fastify';

/** What Fastify sends for an object it serialises itself. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Sends JSON text serialised earlier (a cached answer) as it is: the same bytes and headers as the object. */
export function jsonAnswer(reply: FastifyReply, json: string): string {
  reply.type(JSON_CONTENT_TYPE);
  return json;
}
