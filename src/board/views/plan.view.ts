import { ViewContext } from '../board-context';
import { LoadView, PlanResultView, RotaSummaryView, SessionView, WardView } from '../board-types';
import { format, formatDay, formatShare, formatTime, term } from '../i18n';
import { html, Raw } from './html';
import { Flash, layout } from './layout';

export interface PlanForm {
  wardId: string;
  from: string;
  to: string;
  rebalance: boolean;
  maxChanges: string;
}

export interface PlanPageData {
  wards: WardView[];
  form: PlanForm;
  before: RotaSummaryView | null;
  /** A dry run's answer (nothing written) or an applied plan's. */
  result: PlanResultView | null;
  mode: 'form' | 'preview' | 'applied';
  previewUnavailable?: boolean;
  flash?: Flash | null;
}

function hiddenForm(form: PlanForm): Raw {
  return html`<input type="hidden" name="ward" value="${form.wardId}"><input type="hidden" name="from" value="${form.from}">
<input type="hidden" name="to" value="${form.to}">${form.rebalance ? html`<input type="hidden" name="rebalance" value="on">` : ''}${
    form.maxChanges ? html`<input type="hidden" name="maxChanges" value="${form.maxChanges}">` : ''
  }`;
}

export function loadTable(ctx: ViewContext, before: LoadView[] | null, after: LoadView[] | null, caption: string): Raw {
  const { t } = ctx;
  const ids = [...new Set([...(before ?? []), ...(after ?? [])].map((l) => l.facilitatorId))];
  const find = (rows: LoadView[] | null, id: string) => rows?.find((l) => l.facilitatorId === id);
  const cell = (l: LoadView | undefined) => (l ? `${l.sessions} (${formatShare(l.share, ctx.lang)})` : '–');
  return html`<table class="data load-table"><caption>${caption}</caption><thead><tr><th scope="col">${t.facilitator}</th>${
    before ? html`<th scope="col">${t.before}</th>` : ''
  }${after ? html`<th scope="col">${t.after}</th>` : ''}</tr></thead><tbody>${ids.map((id) => {
    const name = (find(after, id) ?? find(before, id))!.name;
    return html`<tr><th scope="row">${name}</th>${before ? html`<td>${cell(find(before, id))}</td>` : ''}${after ? html`<td>${cell(find(after, id))}</td>` : ''}</tr>`;
  })}</tbody></table>`;
}

function changesTable(ctx: ViewContext, result: PlanResultView, names: Map<string, string>): Raw {
  const { t } = ctx;
  const byId = new Map<string, SessionView>(result.sessions.map((s) => [s.id, s]));
  const who = (ids: string[]) => (ids.length ? ids.map((id) => names.get(id) ?? id).join(', ') : '–');
  const changes = result.changes ?? [];
  if (!changes.length) return html`<p>${t.noChanges}</p>`;
  return html`<table class="data changes"><caption>${t.changes} (${changes.length})</caption><thead><tr><th scope="col">${t.session}</th><th scope="col">${
    t.before
  }</th><th scope="col">${t.after}</th></tr></thead><tbody>${changes.map((c) => {
    const s = byId.get(c.sessionId);
    const label = s ? `${formatDay(s.date, ctx.lang)} ${formatTime(s.startsAt, ctx.lang)} ${s.groupName}` : c.sessionId;
    return html`<tr><th scope="row">${label}</th><td>${who(c.before)}</td><td>${who(c.after)}${c.reason ? html` <em>(${c.reason})</em>` : ''}</td></tr>`;
  })}</tbody></table>`;
}

function unfilledList(ctx: ViewContext, result: PlanResultView): Raw {
  const { t } = ctx;
  if (!result.summary.unfilled.length) return html``;
  const byId = new Map(result.sessions.map((s) => [s.id, s]));
  return html`<h3>${t.unfilledTitle}</h3><ul>${result.summary.unfilled.map((u) => {
    const s = byId.get(u.sessionId);
    return html`<li>${s ? `${formatDay(s.date, ctx.lang)} ${formatTime(s.startsAt, ctx.lang)} ${s.groupName}` : u.sessionId}: ${term(t, 'unfilled', u.reason)}</li>`;
  })}</ul>`;
}

function gainBox(ctx: ViewContext, result: PlanResultView): Raw {
  const { t } = ctx;
  if (!result.gain) return html``;
  const g = result.gain;
  return html`<table class="data gain"><caption>${t.gain}</caption><thead><tr><td></td><th scope="col">${t.before}</th><th scope="col">${t.after}</th></tr></thead>
<tbody><tr><th scope="row">${t.maxShare}</th><td>${formatShare(g.maxShareBefore, ctx.lang)}</td><td>${formatShare(g.maxShareAfter, ctx.lang)}</td></tr>
<tr><th scope="row">${t.spread}</th><td>${formatShare(g.spreadBefore, ctx.lang)}</td><td>${formatShare(g.spreadAfter, ctx.lang)}</td></tr></tbody></table>`;
}

export function planPage(ctx: ViewContext, data: PlanPageData): Raw {
  const { t, base } = ctx;
  const { form } = data;
  const names = new Map<string, string>();
  for (const l of [...(data.before?.load ?? []), ...(data.result?.summary.load ?? [])]) names.set(l.facilitatorId, l.name);
  for (const s of data.result?.sessions ?? []) for (const f of s.facilitators) names.set(f.id, f.name);
  const ward = data.wards.find((w) => w.id === form.wardId);
  const result = data.result;
  return layout(
    ctx,
    { title: t.planTitle, nav: 'plan', wardId: form.wardId, here: `${base}/board/plan?ward=${form.wardId}`, flash: data.flash },
    html`<h1>${t.planTitle}${ward ? `: ${ward.name}` : ''}</h1>
<form method="post" action="${base}/board/plan/preview" class="row plan-form">
<label for="plan-ward">${t.ward}</label><select id="plan-ward" name="ward">${data.wards.map(
      (w) => html`<option value="${w.id}"${w.id === form.wardId ? new Raw(' selected') : ''}>${w.name}</option>`,
    )}</select>
<label for="plan-from">${t.from}</label><input id="plan-from" type="date" name="from" value="${form.from}" required>
<label for="plan-to">${t.to}</label><input id="plan-to" type="date" name="to" value="${form.to}" required>
<input id="plan-rebalance" type="checkbox" name="rebalance"${form.rebalance ? new Raw(' checked') : ''}><label for="plan-rebalance">${t.rebalance}</label>
<label for="plan-max">${t.maxChanges}</label><input id="plan-max" type="number" min="0" name="maxChanges" value="${form.maxChanges}">
<button type="submit">${t.preview}</button>
</form>
${
  data.previewUnavailable
    ? html`<p class="hint">${t.previewUnavailable}</p>
<form method="post" action="${base}/board/plan/apply">${hiddenForm(form)}<button type="submit">${t.apply}</button></form>`
    : ''
}
${
  result && data.mode === 'preview'
    ? html`<section aria-labelledby="h-preview"><h2 id="h-preview">${t.previewTitle}</h2>
${changesTable(ctx, result, names)}${gainBox(ctx, result)}${loadTable(ctx, data.before?.load ?? null, result.summary.load, t.loadTitle)}${unfilledList(ctx, result)}
<form method="post" action="${base}/board/plan/apply">${hiddenForm(form)}<button type="submit">${t.apply}</button></form></section>`
    : ''
}
${
  result && data.mode === 'applied'
    ? html`<section aria-labelledby="h-applied"><h2 id="h-applied">${format(t.applied, { n: result.summary.assigned })}</h2>
${result.changes ? changesTable(ctx, result, names) : ''}${loadTable(ctx, data.before?.load ?? null, result.summary.load, t.loadTitle)}${unfilledList(ctx, result)}</section>`
    : ''
}
${data.mode === 'form' && data.before ? loadTable(ctx, null, data.before.load, t.loadTitle) : ''}
<form method="post" action="${base}/board/plan/publish" class="row">${hiddenForm(form)}<button type="submit" class="secondary">${t.publish}</button></form>`,
  );
}
