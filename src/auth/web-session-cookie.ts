import { fastifyCookie } from '@fastify/cookie';
import { SESSION_COOKIE } from './web-sessions.service';

const { parse, serialize } = fastifyCookie;

interface CookieRequest {
  headers: Record<string, string | string[] | undefined>;
  protocol?: string;
  method?: string;
}

export function readCookie(request: CookieRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  return parse(header)[name];
}

export const readSessionToken = (request: CookieRequest) => readCookie(request, SESSION_COOKIE);

/** Secure whenever the request came over https, or the service's public URL is https and this is that host. */
export function isHttps(request: CookieRequest, publicUrl: string): boolean {
  if (request.protocol === 'https') return true;
  const url = new URL(publicUrl);
  return url.protocol === 'https:' && request.headers.host === url.host;
}

export function sessionCookie(token: string, maxAgeSeconds: number, path: string, secure: boolean): string {
  return serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path, maxAge: maxAgeSeconds });
}

export function clearedSessionCookie(path: string, secure: boolean): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', secure, path, maxAge: 0 });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends Origin on every state-changing request; a cookie-authenticated one is accepted only from
 * the board's own origin (the Host it was sent to, or the configured public URL), never cross-site.
 */
export function originAllowed(request: CookieRequest, publicUrl: string): boolean {
  if (SAFE_METHODS.has((request.method ?? 'GET').toUpperCase())) return true;
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  const own = new Set([new URL(publicUrl).origin]);
  const host = request.headers.host;
  if (typeof host === 'string') {
    own.add(`http://${host}`);
    own.add(`https://${host}`);
  }
  return own.has(origin);
}
