import { assetUrl } from '../board-assets';
import { BoardRequestContext, ViewContext } from '../board-context';
import { format, LANGS, DICTIONARIES } from '../i18n';
import { html, query, Raw } from './html';

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

type Nav = 'week' | 'plan' | 'facilitators' | 'admissions' | 'mine';

const NAV_ROLES: Record<Nav, string[]> = {
  week: ['admin', 'coordinator', 'facilitator', 'discharge'],
  plan: ['admin', 'coordinator'],
  facilitators: ['admin', 'coordinator'],
  admissions: ['admin', 'coordinator', 'discharge'],
  mine: ['facilitator'],
};

function navigation(ctx: ViewContext, current: Nav | null, wardId?: string): Raw {
  const { t, base } = ctx;
  const items: [Nav, string, string][] = [
    ['week', t.navWeek, `${base}/board/week${query({ ward: wardId })}`],
    ['plan', t.navPlan, `${base}/board/plan${query({ ward: wardId })}`],
    ['facilitators', t.navFacilitators, `${base}/board/facilitators${query({ ward: wardId })}`],
    ['admissions', t.navAdmissions, `${base}/board/admissions${query({ ward: wardId })}`],
    ['mine', t.navMine, `${base}/board/mine`],
  ];
  const visible = items.filter(([nav]) => ctx.role && NAV_ROLES[nav].includes(ctx.role));
  return html`<nav aria-label="${t.appName}"><ul class="nav">${visible.map(
    ([nav, label, href]) => html`<li><a href="${href}"${nav === current ? new Raw(' aria-current="page"') : ''}>${label}</a></li>`,
  )}</ul></nav>`;
}

export function flashBox(flash: Flash | null | undefined): Raw {
  if (!flash) return html``;
  return flash.kind === 'error'
    ? html`<p class="flash flash-error" role="alert">${flash.text}</p>`
    : html`<p class="flash flash-ok" role="status">${flash.text}</p>`;
}

export interface PageOptions {
  title: string;
  nav?: Nav | null;
  wardId?: string;
  /** Current path and query, so the language switch returns here. */
  here?: string;
  flash?: Flash | null;
  bodyClass?: string;
}

/** The page shell: one stylesheet, htmx and one small script, all from this server. */
export function layout(ctx: ViewContext, options: PageOptions, main: Raw): Raw {
  const { t, base } = ctx;
  const signedIn = ctx.role !== null;
  const other = LANGS.filter((l) => l !== ctx.lang);
  return html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"historyCacheSize":0,"responseHandling":[{"code":"204","swap":false},{"code":"...","swap":true}]}'>
<title>${options.title} · ${t.appName}</title>
<link rel="icon" href="${assetUrl(base, 'favicon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${assetUrl(base, 'board.css')}">
<script src="${assetUrl(base, 'htmx.min.js')}" defer></script>
<script src="${assetUrl(base, 'board.js')}" defer></script>
</head>
<body class="${options.bodyClass ?? ''}" hx-boost="true">
<a class="skip" href="#main">${t.skip}</a>
<header class="top">
  <p class="brand"><a href="${base}/board/week">${t.appName}</a></p>
  ${signedIn ? navigation(ctx, options.nav ?? null, options.wardId) : ''}
  <div class="top-tools">
    <form method="post" action="${base}/board/lang" class="lang-switch" hx-boost="false">
      <input type="hidden" name="back" value="${options.here ?? `${base}/board/sign-in`}">
      <label for="lang-select">${t.language}</label>
      <select id="lang-select" name="lang">${[ctx.lang, ...other].map(
        (l) => html`<option value="${l}"${l === ctx.lang ? new Raw(' selected') : ''}>${DICTIONARIES[l].langName}</option>`,
      )}</select>
      <button type="submit">${t.switchLanguage}</button>
    </form>
    ${
      signedIn
        ? html`<p class="who">${format(t.signedInAs, { role: (t as Record<string, string>)[`role_${ctx.role}`] ?? String(ctx.role) })}</p>
    <form method="post" action="${base}/board/sign-out"><button type="submit">${t.signOut}</button></form>`
        : ''
    }
  </div>
</header>
<main id="main" tabindex="-1">
${flashBox(options.flash)}
${main}
</main>
</body>
</html>`;
}

export function signInPage(ctx: BoardRequestContext | ViewContext, flash: Flash | null): Raw {
  const { t, base } = ctx;
  return layout(
    ctx,
    { title: t.signIn, flash, here: `${base}/board/sign-in` },
    html`<h1>${t.signInTitle}</h1>
<form method="post" action="${base}/board/sign-in" class="sign-in" hx-boost="false">
  <p id="key-hint">${format(t.signInHint, { idle: ctx.idleMinutes })}</p>
  <label for="key">${t.keyLabel}</label>
  <input id="key" name="key" type="password" autocomplete="off" required aria-describedby="key-hint" spellcheck="false">
  <button type="submit">${t.signIn}</button>
</form>`,
  );
}
