import { ViewContext } from '../board-context';
import { SessionConflictView, SessionView, WardView } from '../board-types';
import { format, formatDay } from '../i18n';
import { shiftDays, WeekWindow } from '../week';
import { sessionCard } from './card';
import { html, query, Raw } from './html';
import { Flash, layout } from './layout';

export interface WeekData {
  wards: WardView[];
  /** A ward's id, or 'all' for every ward the key covers. */
  selected: string;
  window: WeekWindow;
  rows: { ward: WardView; sessions: SessionView[] }[];
  unfilled: Map<string, string>;
  conflicts: Map<string, SessionConflictView[]>;
  today: string;
  flash?: Flash | null;
}

function wardPicker(ctx: ViewContext, data: WeekData): Raw {
  const { t, base } = ctx;
  return html`<form method="get" action="${base}/board/week" class="week-jump">
<label for="ward-select">${t.ward}</label>
<select id="ward-select" name="ward">${data.wards.map(
    (w) => html`<option value="${w.id}"${w.id === data.selected ? new Raw(' selected') : ''}>${w.name}</option>`,
  )}${data.wards.length > 1 ? html`<option value="all"${data.selected === 'all' ? new Raw(' selected') : ''}>${t.allWards}</option>` : ''}</select>
<label for="date-input">${t.jumpTo}</label>
<input id="date-input" type="date" name="date" value="${data.window.start}">
<button type="submit">${t.show}</button>
</form>`;
}

export function weekPage(ctx: ViewContext, data: WeekData): Raw {
  const { t, base } = ctx;
  const { window } = data;
  const here = `${base}/board/week${query({ ward: data.selected, date: window.start })}`;
  const link = (date: string) => `${base}/board/week${query({ ward: data.selected, date })}`;
  const single = data.selected !== 'all' ? data.rows[0]?.ward : undefined;
  const title = single
    ? format(t.weekOf, { ward: single.name, week: window.week, year: window.year })
    : `${t.allWards}: ${format(t.weekTitle, { week: window.week, year: window.year })}`;
  const grid = html`<table class="week-grid">
<caption class="visually-hidden">${title}</caption>
<thead><tr><th scope="col" class="ward-col">${t.ward}</th>${window.days.map(
    (d) => html`<th scope="col"${d === data.today ? new Raw(' class="today" aria-current="date"') : ''}>${formatDay(d, ctx.lang)}</th>`,
  )}</tr></thead>
<tbody>${data.rows.map(
    (row) =>
      html`<tr><th scope="row" class="ward-name">${row.ward.name}</th>${window.days.map((day) => {
        const sessions = row.sessions.filter((s) => s.date === day);
        return html`<td>${
          sessions.length
            ? html`<ul class="cards">${sessions.map((s) => sessionCard(ctx, s, data.unfilled.get(s.id), data.conflicts.get(s.id) ?? [], here))}</ul>`
            : html`<p class="empty">${t.noSessions}</p>`
        }</td>`;
      })}</tr>`,
  )}</tbody>
</table>`;
  return layout(
    ctx,
    { title, nav: 'week', wardId: single?.id, here, flash: data.flash, bodyClass: 'page-week' },
    html`<div class="toolbar">
<h1 id="week-title">${title}</h1>
<p class="week-nav"><a href="${link(shiftDays(window.start, -7))}" rel="prev">← ${t.prevWeek}</a>
<a href="${link(data.today)}">${t.thisWeek}</a>
<a href="${link(shiftDays(window.start, 7))}" rel="next">${t.nextWeek} →</a>
<button type="button" class="print-button" data-print>${t.print}</button></p>
${data.wards.length ? wardPicker(ctx, data) : ''}
</div>
<p class="hint">${t.wardLocalTime}</p>
${data.wards.length ? grid : html`<p>${t.noWards}</p>`}`,
  );
}
