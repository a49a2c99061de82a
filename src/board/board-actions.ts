import { ApiResult, BoardApi } from './board-api';
import { Dictionary } from './i18n';
import { format } from './i18n';
import { Flash } from './views/layout';

/** A route this server does not have yet (another issue's), as opposed to an unknown id: Nest's own 404. */
export function isMissingRoute(result: ApiResult<unknown>): boolean {
  return result.status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE) /.test(BoardApi.message(result));
}

/** A return address inside the board only (no open redirect). */
export function safeBack(base: string, value: unknown, fallback: string): string {
  if (typeof value !== 'string') return fallback;
  return value.startsWith(`${base}/board/`) && !value.startsWith('//') && !/[\r\n]/.test(value) ? value : fallback;
}

/** Flash messages a redirect may name (`?ok=saved`); only these keys, so a link cannot put words on the page. */
const OK_KEYS = ['saved', 'signedOut'] as const;

export function okFlash(t: Dictionary, key: unknown): Flash | null {
  return typeof key === 'string' && (OK_KEYS as readonly string[]).includes(key)
    ? { kind: 'ok', text: (t as Record<string, string>)[key] }
    : null;
}

export function errorFlash(t: Dictionary, result: ApiResult<unknown> | string): Flash {
  const message = typeof result === 'string' ? result : BoardApi.message(result);
  return { kind: 'error', text: format(t.error, { message }) };
}

export function withParam(location: string, name: string, value: string): string {
  const [path, hash] = location.split('#');
  const joined = `${path}${path.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`;
  return hash ? `${joined}#${hash}` : joined;
}

/** Form fields arrive as a string or, when repeated (checkboxes), a list. */
export function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

export const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
