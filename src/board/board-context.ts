import { Inject, Injectable } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { AuthContext } from '../auth/auth-context';
import { originAllowed, readCookie, readSessionToken } from '../auth/web-session-cookie';
import { WebSessionsService } from '../auth/web-sessions.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { BOARD_OPTIONS, BoardOptions } from './board-options';
import { DICTIONARIES, Dictionary, isLang, Lang } from './i18n';
import { Raw } from './views/html';

export const LANG_COOKIE = 'imr_lang';

/** What every view gets: where the board lives, the language and its dictionary, and who is signed in. */
export interface ViewContext {
  base: string;
  lang: Lang;
  t: Dictionary;
  role: AuthContext['role'] | null;
  facilitatorId: string | null;
  idleMinutes: number;
}

export interface BoardRequestContext extends ViewContext {
  auth: AuthContext | null;
  /** The language chosen with the switch, if any (it wins over the ward's default). */
  chosenLang: Lang | null;
}

/** Board pages allow only their own scripts, styles and requests: no inline code, nothing from elsewhere. */
export function contentSecurityPolicy(styleHashes: string[] = []): string {
  const styles = ["'self'", ...styleHashes.map((h) => `'${h}'`)].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src ${styles}`,
    "img-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export const styleHash = (css: string) => 'sha256-' + createHash('sha256').update(css, 'utf8').digest('base64');

@Injectable()
export class BoardContextService {
  constructor(
    private readonly webSessions: WebSessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BOARD_OPTIONS) private readonly options: BoardOptions,
  ) {}

  get base(): string {
    return this.options.base;
  }

  async resolve(request: FastifyRequest): Promise<BoardRequestContext> {
    const auth = await this.webSessions.resolve(readSessionToken(request));
    const chosen = readCookie(request, LANG_COOKIE);
    const chosenLang = isLang(chosen) ? chosen : null;
    const lang = chosenLang ?? 'nb';
    return {
      base: this.options.base,
      lang,
      t: DICTIONARIES[lang],
      role: auth?.role ?? null,
      facilitatorId: auth?.facilitatorId ?? null,
      idleMinutes: this.config.board.idleMinutes,
      auth,
      chosenLang,
    };
  }

  /** Bokmål on Norwegian wards unless the switch says otherwise (the ward's language once wards carry one). */
  useWardLanguage(ctx: BoardRequestContext, ward: { language?: string; timezone?: string } | undefined): void {
    if (ctx.chosenLang || !ward) return;
    const lang: Lang = isLang(ward.language) ? ward.language : ward.timezone === 'Europe/Oslo' ? 'nb' : 'en';
    ctx.lang = lang;
    ctx.t = DICTIONARIES[lang];
  }

  originAllowed(request: FastifyRequest): boolean {
    return originAllowed(request, this.config.publicUrl);
  }

  get publicUrl(): string {
    return this.config.publicUrl;
  }
}

export function sendHtml(reply: FastifyReply, page: Raw | string, status = 200, styleHashes: string[] = []): FastifyReply {
  // A page rendered as the answer to a form post (a preview, an error) keeps the address bar on the page the
  // form was on, so a reload shows that page again rather than asking for a POST-only address.
  if (reply.request.method === 'POST') reply.header('hx-push-url', 'false');
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', contentSecurityPolicy(styleHashes))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY')
    .send(String(page));
}

/** After a form post: a plain 303 for the browser, and HX-Location-free behaviour for htmx (it follows redirects). */
export function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply
    .status(303)
    .header('location', location)
    .header('cache-control', 'no-store')
    .header('content-security-policy', contentSecurityPolicy())
    .header('referrer-policy', 'same-origin')
    .send();
}

/** To the sign-in page; htmx requests get HX-Redirect so the whole page changes, not a fragment. */
export function toSignIn(request: FastifyRequest, reply: FastifyReply, base: string, reason = 'ended'): FastifyReply {
  const location = `${base}/board/sign-in?${reason}=1`;
  if (request.headers['hx-request']) return reply.status(200).header('hx-redirect', location).send();
  return redirect(reply, location);
}
