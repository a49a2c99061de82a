import { ViewContext } from '../board-context';
import { SessionView, WardView } from '../board-types';
import { formatDay } from '../i18n';
import { WeekWindow, shiftDays } from '../week';
import { sessionCard } from './card';
import { html, query, Raw } from './html';
import { Flash, layout } from './layout';

export interface MinePageData {
  window: WeekWindow;
  sessions: SessionView[];
  wards: WardView[];
  /** Shown once, right after it was made or rotated (the server keeps only its hash). */
  link: { url: string; webcalUrl: string } | null;
  flash?: Flash | null;
}

export function minePage(ctx: ViewContext, data: MinePageData): Raw {
  const { t, base } = ctx;
  const here = `${base}/board/mine${query({ date: data.window.start })}`;
  const wardName = new Map(data.wards.map((w) => [w.id, w.name]));
  const link = (date: string) => `${base}/board/mine${query({ date })}`;
  return layout(
    ctx,
    { title: t.mineTitle, nav: 'mine', here, flash: data.flash },
    html`<h1>${t.mineTitle}</h1>
<p class="week-nav"><a href="${link(shiftDays(data.window.start, -7))}" rel="prev">← ${t.prevWeek}</a>
<a href="${link(shiftDays(data.window.start, 7))}" rel="next">${t.nextWeek} →</a></p>
${
  ctx.facilitatorId
    ? html`${data.window.days.map((day) => {
        const sessions = data.sessions.filter((s) => s.date === day);
        return sessions.length
          ? html`<h2>${formatDay(day, ctx.lang, 'long')}</h2><ul class="cards mine">${sessions.map((s) =>
              sessionCard(ctx, s, undefined, s.conflicts ?? [], here, wardName.get(s.wardId)),
            )}</ul>`
          : '';
      })}${data.sessions.length ? '' : html`<p>${t.noSessions}</p>`}
<section aria-labelledby="h-cal"><h2 id="h-cal">${t.calendarTitle}</h2><p class="hint">${t.calendarHint}</p>
${
  data.link
    ? html`<label for="cal-link">${t.calendarTitle}</label>
<input id="cal-link" class="link-box" readonly value="${data.link.url}">
<button type="button" data-copy="cal-link" data-copied="${t.copied}">${t.copy}</button> <span id="cal-link-status" role="status"></span>
<p><a href="${data.link.webcalUrl}">webcal</a></p>`
    : ''
}
<form method="post" action="${base}/board/mine/calendar"><button type="submit">${data.link ? t.rotate : `${t.createLink} / ${t.rotate}`}</button></form>
</section>`
    : html`<p>${t.notAFacilitatorKey}</p>`
}`,
  );
}
