import { CanActivate, ExecutionContext, Injectable, UnsupportedMediaTypeException } from '@nestjs/common';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/**
 * The API speaks JSON only. Fastify (and Nest's adapter) also parse text/plain and form-encoded bodies,
 * which class-validator would then judge field by field (a form post once created a ward); a body of any
 * other type answers 415 instead. As a guard on every controller, it holds in a host app too, whose
 * body parsers are the host's.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined>; body?: unknown }>();
    const type = request.headers['content-type'];
    if (type === undefined || !hasBody(request)) return true;
    const media = String(type).split(';')[0].trim();
    if (JSON_TYPE.test(media)) return true;
    throw new UnsupportedMediaTypeException([`content-type must be application/json, not ${media.slice(0, 80) || 'empty'}`]);
  }
}

function hasBody(request: { headers: Record<string, string | string[] | undefined>; body?: unknown }): boolean {
  const length = Number(request.headers['content-length'] ?? 0);
  if (length > 0 || request.headers['transfer-encoding'] !== undefined) return true;
  return request.body !== undefined && request.body !== null && request.body !== '';
}
