import { ViewContext } from '../board-context';
import { AbsenceView, FacilitatorView, RotaSummaryView, WardView } from '../board-types';
import { format, formatDate, formatShare, serviceTexts, term } from '../i18n';
import { html, Raw } from './html';
import { Flash, layout } from './layout';

export interface FacilitatorsPageData {
  wards: WardView[];
  ward: WardView | undefined;
  facilitators: FacilitatorView[];
  absences: Map<string, AbsenceView[]>;
  summary: RotaSummaryView | null;
  window: { from: string; to: string };
  flash?: Flash | null;
}

function availability(ctx: ViewContext, f: FacilitatorView): string {
  if (!f.availability) return ctx.t.anyTime;
  return f.availability.map((a) => `${term(ctx.t, 'weekday', String(a.weekday))} ${a.from}–${a.to}`).join(', ');
}

/** Each person's share against the ward's best possible largest share (the planner's figure), as bars with numbers. */
export function loadChart(ctx: ViewContext, summary: RotaSummaryView, window: { from: string; to: string }): Raw {
  const { t } = ctx;
  const best = summary.fairness.maxShare;
  const tick = `best-${Math.min(100, Math.max(0, Math.round(best * 10) * 10))}`;
  return html`<figure class="load-chart"><figcaption><strong>${format(t.loadChart, {
    from: formatDate(window.from, ctx.lang),
    to: formatDate(window.to, ctx.lang),
  })}</strong> — ${t.loadChartHint} (${format(t.bestShare, { value: formatShare(best, ctx.lang) })})</figcaption>
<ul class="bar-chart">${summary.load.map(
    (l) =>
      html`<li><span>${l.name}</span><span class="bar"><meter min="0" max="1" value="${l.share.toFixed(3)}" aria-label="${l.name}: ${formatShare(
        l.share,
        ctx.lang,
      )}">${formatShare(l.share, ctx.lang)}</meter><span class="best ${tick}" aria-hidden="true"></span></span><span>${l.sessions} · ${formatShare(
        l.share,
        ctx.lang,
      )}</span></li>`,
  )}</ul></figure>`;
}

function editForm(ctx: ViewContext, f: FacilitatorView, back: string): Raw {
  const { t, base } = ctx;
  return html`<details><summary>${t.edit}</summary>
<form method="post" action="${base}/board/facilitators/${f.id}" class="stack"><input type="hidden" name="back" value="${back}">
<div class="row"><input id="trained-${f.id}" type="checkbox" name="imrTrained"${f.imrTrained ? new Raw(' checked') : ''}><label for="trained-${f.id}">${t.trainedLabel}</label></div>
<label for="cap-${f.id}">${t.cap}</label><input id="cap-${f.id}" type="number" min="1" max="50" name="maxSessionsPerWeek" value="${f.maxSessionsPerWeek ?? ''}">
<button type="submit">${t.save}</button></form></details>`;
}

function absenceCell(ctx: ViewContext, f: FacilitatorView, absences: AbsenceView[], back: string): Raw {
  const { t, base } = ctx;
  return html`${
    absences.length
      ? html`<ul class="absences">${absences.map(
          (a) => html`<li>${formatDate(a.from, ctx.lang)}–${formatDate(a.to, ctx.lang)}${a.reason ? ` (${a.reason})` : ''}
<form method="post" action="${base}/board/facilitators/${f.id}/absences/${a.id}/delete" class="inline"><input type="hidden" name="back" value="${back}">
<button type="submit" class="secondary" aria-label="${t.remove}: ${f.name} ${a.from}–${a.to}">${t.remove}</button></form></li>`,
        )}</ul>`
      : html`<p>${t.noAbsences}</p>`
  }
<details><summary>${t.addAbsence}</summary>
<form method="post" action="${base}/board/facilitators/${f.id}/absences" class="stack"><input type="hidden" name="back" value="${back}">
<label for="abs-from-${f.id}">${t.from}</label><input id="abs-from-${f.id}" type="date" name="from" required>
<label for="abs-to-${f.id}">${t.to}</label><input id="abs-to-${f.id}" type="date" name="to" required>
<label for="abs-reason-${f.id}">${t.reason}</label><input id="abs-reason-${f.id}" name="reason" maxlength="200">
<button type="submit">${t.addAbsence}</button></form></details>`;
}

export function facilitatorsPage(ctx: ViewContext, data: FacilitatorsPageData): Raw {
  const { t, base } = ctx;
  const wardName = new Map(data.wards.map((w) => [w.id, w.name]));
  const back = `${base}/board/facilitators?ward=${data.ward?.id ?? ''}`;
  return layout(
    ctx,
    { title: t.facilitatorsTitle, nav: 'facilitators', wardId: data.ward?.id, here: back, flash: data.flash },
    html`<h1>${t.facilitatorsTitle}${data.ward ? `: ${data.ward.name}` : ''}</h1>
<form method="get" action="${base}/board/facilitators" class="row"><label for="fac-ward">${t.ward}</label>
<select id="fac-ward" name="ward">${data.wards.map((w) => html`<option value="${w.id}"${w.id === data.ward?.id ? new Raw(' selected') : ''}>${w.name}</option>`)}</select>
<button type="submit">${t.show}</button></form>
${data.summary ? loadChart(ctx, data.summary, data.window) : ''}
<table class="data facilitators"><caption class="visually-hidden">${t.facilitatorsTitle}</caption><thead><tr>
<th scope="col">${t.name}</th><th scope="col">${t.profession}</th><th scope="col">${t.training}</th><th scope="col">${t.wards}</th>
<th scope="col">${t.availability}</th><th scope="col">${t.cap}</th><th scope="col">${t.absences}</th></tr></thead>
<tbody>${data.facilitators.map(
      (
        f,
      ) => html`<tr data-facilitator="${f.id}"><th scope="row">${f.name}</th><td>${(serviceTexts(ctx.lang).letter.professions as Record<string, string>)[f.profession] ?? f.profession}</td>
<td>${f.imrTrained ? html`✓ ${t.trained}` : html`– ${t.untrained}`}</td>
<td>${f.wardIds.map((w) => wardName.get(w) ?? '…').join(', ')}</td>
<td>${availability(ctx, f)}</td><td><span class="cap">${f.maxSessionsPerWeek ?? t.noCap}</span>${editForm(ctx, f, back)}</td>
<td>${absenceCell(ctx, f, data.absences.get(f.id) ?? [], back)}</td></tr>`,
    )}</tbody></table>`,
  );
}
