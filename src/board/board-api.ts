import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { BOARD_OPTIONS, BoardOptions } from './board-options';

export interface ApiResult<T> {
  status: number;
  ok: boolean;
  body: T;
  text: string;
  contentType: string;
}

/**
 * The board's only way to the data: the service's own HTTP API, called in-process (Fastify's inject) with the
 * browser's session cookie and Origin. So every board action passes the same guard, role and ward checks,
 * validation, business rules and audit as a script with a bearer key; the board adds no rules of its own.
 */
@Injectable()
export class BoardApi {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(BOARD_OPTIONS) private readonly options: BoardOptions,
  ) {}

  async call<T = unknown>(request: FastifyRequest, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const headers: Record<string, string> = {};
    for (const name of ['cookie', 'origin', 'host', 'x-request-id']) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fastify.inject({
      method,
      url: this.options.base + path,
      headers,
      payload: body === undefined ? undefined : JSON.stringify(body),
      remoteAddress: request.ip,
    });
    const contentType = String(res.headers['content-type'] ?? '');
    let parsed: unknown = null;
    if (contentType.includes('json') && res.body) parsed = JSON.parse(res.body);
    const result: ApiResult<T> = { status: res.statusCode, ok: res.statusCode < 300, body: parsed as T, text: res.body, contentType };
    return result;
  }

  /** The API's error message as one sentence (its `message` is a string or a list naming each field). */
  static message(result: ApiResult<unknown>): string {
    const body = result.body as { message?: string | string[] } | null;
    const message = body?.message;
    if (Array.isArray(message)) return message.join('; ');
    return message ?? `HTTP ${result.status}`;
  }
}
