import { ViewContext } from '../board-context';
import { AdmissionView, CandidateView, FacilitatorView, SessionView } from '../board-types';
import { format, term } from '../i18n';
import { cardStates, moduleLine, people, sessionHeading, stateList } from './card';
import { html, Raw } from './html';
import { Flash, layout } from './layout';

export interface SessionPanelData {
  session: SessionView;
  /** null when this server has no candidates route yet. */
  candidates: CandidateView[] | null;
  pool: FacilitatorView[];
  register: { attendees: { admissionId: string; patientRef: string }[]; overCapacity: boolean } | null;
  admissions: AdmissionView[];
  unfilledReason?: string;
  back: string;
  flash?: Flash | null;
}

const selected = (yes: boolean) => (yes ? new Raw(' selected') : '');
const checked = (yes: boolean) => (yes ? new Raw(' checked') : '');

function candidateList(ctx: ViewContext, candidates: CandidateView[]): Raw {
  const { t } = ctx;
  return html`<ul class="candidates">${candidates.map(
    (c) => html`<li data-candidate="${c.facilitatorId}"><strong>${c.name}</strong> ·
<span class="${c.eligible ? 'yes' : 'no'}">${c.eligible ? '✓' : '✕'} ${c.eligible ? t.eligible : t.notEligible}</span>${
      c.canLead ? html` · ${t.canLead}` : ''
    } · ${c.trained ? t.trained : t.untrained}${
      c.reasons.length ? html`<ul>${c.reasons.map((r) => html`<li>${term(t, 'rule', r.rule)}: ${r.detail}</li>`)}</ul>` : ''
    }</li>`,
  )}</ul>`;
}

function assignForm(ctx: ViewContext, data: SessionPanelData, action: string): Raw {
  const { t } = ctx;
  const s = data.session;
  const lead = s.facilitators.find((f) => f.role === 'lead')?.id;
  const co = s.facilitators.find((f) => f.role === 'co')?.id;
  const options = data.candidates
    ? data.candidates.map((c) => ({ id: c.facilitatorId, label: `${c.name}${c.eligible ? '' : ` (${t.notEligible})`}` }))
    : data.pool.map((f) => ({ id: f.id, label: f.name }));
  const select = (name: string, id: string, current: string | undefined, optional: boolean) =>
    html`<select id="${id}" name="${name}"${optional ? '' : new Raw(' required')}>${
      optional ? html`<option value="">${t.none}</option>` : ''
    }${options.map((o) => html`<option value="${o.id}"${selected(o.id === current)}>${o.label}</option>`)}</select>`;
  return html`<form method="post" action="${action}/assign" class="stack">
<input type="hidden" name="back" value="${data.back}">
<label for="lead-select">${t.leadSelect}</label>${select('lead', 'lead-select', lead, false)}
<label for="co-select">${t.coSelect}</label>${select('co', 'co-select', co, true)}
<button type="submit">${t.assign}</button>
</form>`;
}

function registerForm(ctx: ViewContext, data: SessionPanelData, action: string): Raw {
  const { t } = ctx;
  const present = new Set(data.register?.attendees.map((a) => a.admissionId) ?? []);
  const people = [...data.admissions];
  for (const a of data.register?.attendees ?? []) {
    if (!people.some((p) => p.id === a.admissionId)) people.push({ id: a.admissionId, patientRef: a.patientRef } as AdmissionView);
  }
  if (!people.length) return html`<p>${t.noAdmissions}</p>`;
  return html`<form method="post" action="${action}/attendance">
<input type="hidden" name="back" value="${data.back}">
<fieldset><legend>${t.registerHint}</legend>${people.map(
    (p) => html`<div class="row"><input type="checkbox" id="att-${p.id}" name="admissionIds" value="${p.id}"${checked(present.has(p.id))}>
<label for="att-${p.id}">${p.patientRef}</label></div>`,
  )}</fieldset>
${data.register?.overCapacity ? html`<p class="at-risk">${t.overCapacity}</p>` : ''}
<button type="submit">${t.saveRegister}</button>
</form>`;
}

function outcomeForm(ctx: ViewContext, data: SessionPanelData, action: string): Raw {
  const { t } = ctx;
  const outcome = data.session.outcome;
  return html`${outcome ? html`<p>${format(t.outcomeRecorded, { what: outcome.held ? t.held : `${t.notHeldOption}${outcome.reason ? `: ${outcome.reason}` : ''}` })}</p>` : ''}
<form method="post" action="${action}/outcome" class="stack">
<input type="hidden" name="back" value="${data.back}">
<fieldset><legend>${t.heldQuestion}</legend>
<div class="row"><input type="radio" id="held-yes" name="held" value="true"${checked(outcome?.held !== false)}><label for="held-yes">${t.held}</label></div>
<div class="row"><input type="radio" id="held-no" name="held" value="false"${checked(outcome?.held === false)}><label for="held-no">${t.notHeldOption}</label></div>
</fieldset>
<label for="outcome-reason">${t.reason}</label>
<input id="outcome-reason" name="reason" maxlength="500" value="${outcome?.reason ?? ''}">
<button type="submit">${t.saveOutcome}</button>
</form>`;
}

export function sessionPanelPage(ctx: ViewContext, data: SessionPanelData): Raw {
  const { t, base } = ctx;
  const s = data.session;
  const action = `${base}/board/sessions/${s.id}`;
  const coordinator = ctx.role === 'coordinator' || ctx.role === 'admin';
  const recorder = coordinator || ctx.role === 'facilitator';
  const title = sessionHeading(ctx, s);
  const states = cardStates(ctx, s, data.unfilledReason, s.conflicts ?? []);
  const hidden = html`<input type="hidden" name="back" value="${data.back}">`;
  return layout(
    ctx,
    { title, nav: 'week', wardId: s.wardId, here: `${action}?back=${encodeURIComponent(data.back)}`, flash: data.flash },
    html`<p><a href="${data.back}">← ${t.back}</a></p>
<h1>${title}</h1>
<div class="session-summary">${moduleLine(ctx, s)}<p>${t.room}: ${s.room ?? html`<em>${t.noRoom}</em>`}</p>${people(ctx, s)}${stateList(ctx, states)}</div>
<div class="panel">
${
  coordinator
    ? html`<section aria-labelledby="h-cand"><h2 id="h-cand">${t.candidates}</h2>
${data.candidates ? candidateList(ctx, data.candidates) : html`<p class="hint">${t.candidatesUnavailable}</p>`}
<h3>${t.assignTitle}</h3>${assignForm(ctx, data, action)}</section>
<section aria-labelledby="h-lock"><h2 id="h-lock">${t.lockTitle}</h2><p class="hint">${t.lockHint}</p>
${
  s.locked
    ? html`<form method="post" action="${action}/unlock">${hidden}<button type="submit">${t.unlock}</button></form>`
    : html`<form method="post" action="${action}/lock">${hidden}<button type="submit"${s.facilitators.length ? '' : new Raw(' disabled')}>${t.lock}</button></form>`
}
</section>
<section aria-labelledby="h-cancel"><h2 id="h-cancel">${t.cancelTitle}</h2>
${
  s.status === 'cancelled'
    ? html`<form method="post" action="${action}/uncancel">${hidden}<button type="submit">${t.uncancel}</button></form>`
    : html`<form method="post" action="${action}/cancel" class="stack">${hidden}<label for="cancel-reason">${t.reason}</label>
<input id="cancel-reason" name="reason" required maxlength="500"><button type="submit" class="danger">${t.cancelSession}</button></form>`
}
</section>`
    : ''
}
${
  recorder
    ? html`<section aria-labelledby="h-outcome"><h2 id="h-outcome">${t.outcomeTitle}</h2>${outcomeForm(ctx, data, action)}</section>
<section aria-labelledby="h-register"><h2 id="h-register">${t.registerTitle}</h2>${registerForm(ctx, data, action)}</section>`
    : ''
}
</div>`,
  );
}
