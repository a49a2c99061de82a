import { ViewContext } from '../board-context';
import { AdmissionView, ProgressView, ReferralView, WardView, WorklistItemView } from '../board-types';
import { format, formatDate, serviceTexts, term } from '../i18n';
import { html, Raw } from './html';
import { Flash, layout } from './layout';

export const WORKLIST_DAYS = 14;

export interface AdmissionsPageData {
  wards: WardView[];
  ward: WardView | undefined;
  admissions: { admission: AdmissionView; progress: ProgressView | null }[];
  worklist: WorklistItemView[];
  referrals: ReferralView[];
  canDischarge: boolean;
  flash?: Flash | null;
}

const modules = (ns: number[]) => (ns.length ? ns.join(', ') : '–');

function riskCell(ctx: ViewContext, atRisk: boolean, atRiskModules: number[] | undefined): Raw {
  return atRisk
    ? html`<span class="at-risk">${format(ctx.t.atRiskYes, { modules: modules(atRiskModules ?? []) })}</span>`
    : html`<span class="on-track">${ctx.t.atRiskNo}</span>`;
}

export function admissionsPage(ctx: ViewContext, data: AdmissionsPageData): Raw {
  const { t, base } = ctx;
  const here = `${base}/board/admissions?ward=${data.ward?.id ?? ''}`;
  const dischargeLink = (id: string, ref: string) =>
    data.canDischarge
      ? html`<a href="${base}/board/admissions/${id}/discharge" aria-label="${t.discharge}: ${ref}">${t.discharge}</a>`
      : '';
  return layout(
    ctx,
    { title: t.navAdmissions, nav: 'admissions', wardId: data.ward?.id, here, flash: data.flash },
    html`<h1>${t.navAdmissions}${data.ward ? `: ${data.ward.name}` : ''}</h1>
<form method="get" action="${base}/board/admissions" class="row"><label for="adm-ward">${t.ward}</label>
<select id="adm-ward" name="ward">${data.wards.map((w) => html`<option value="${w.id}"${w.id === data.ward?.id ? new Raw(' selected') : ''}>${w.name}</option>`)}</select>
<button type="submit">${t.show}</button></form>
<section aria-labelledby="h-worklist"><h2 id="h-worklist">${format(t.worklistTitle, { days: WORKLIST_DAYS })}</h2>
${
  data.worklist.length
    ? html`<table class="data worklist"><thead><tr><th scope="col">${t.patientRef}</th><th scope="col">${t.expected}</th><th scope="col">${t.stay}</th>
<th scope="col">${t.remaining}</th><th scope="col">${t.atRisk}</th><td></td></tr></thead><tbody>${data.worklist.map(
        (
          w,
        ) => html`<tr data-admission="${w.admissionId}"><th scope="row">${w.patientRef}</th><td>${formatDate(w.expectedDischargeOn, ctx.lang)} (${format(
          t.daysLeft,
          {
            n: w.daysLeft,
          },
        )})</td><td>${serviceTexts(ctx.lang).letter.stayKinds[w.stay]}</td><td>${modules(w.remainingModules)}</td><td>${riskCell(ctx, w.atRisk, w.atRiskModules)}</td>
<td>${dischargeLink(w.admissionId, w.patientRef)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${t.noneLeaving}</p>`
}
</section>
<section aria-labelledby="h-adm"><h2 id="h-adm">${t.admissionsTitle}</h2>
${
  data.admissions.length
    ? html`<table class="data admissions"><thead><tr><th scope="col">${t.patientRef}</th><th scope="col">${t.admitted}</th><th scope="col">${t.expected}</th>
<th scope="col">${t.stay}</th><th scope="col">${t.completed}</th><th scope="col">${t.remaining}</th><th scope="col">${t.atRisk}</th><td></td></tr></thead>
<tbody>${data.admissions.map(
        ({
          admission: a,
          progress: p,
        }) => html`<tr data-admission="${a.id}"><th scope="row">${a.patientRef}</th><td>${formatDate(a.admittedOn, ctx.lang)}</td>
<td>${a.expectedDischargeOn ? formatDate(a.expectedDischargeOn, ctx.lang) : '–'}</td><td>${serviceTexts(ctx.lang).letter.stayKinds[a.stay]}</td>
<td>${p ? modules(p.completedModules) : '…'}</td><td>${p ? modules(p.remainingModules) : '…'}</td>
<td>${p ? riskCell(ctx, p.atRisk, p.atRiskModules) : '…'}</td><td>${dischargeLink(a.id, a.patientRef)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${t.noAdmissions}</p>`
}
</section>
<section aria-labelledby="h-ref"><h2 id="h-ref">${t.referrals}</h2>
${
  data.referrals.length
    ? html`<ul>${data.referrals.map(
        (r) =>
          html`<li><a href="${base}/board/referrals/${r.id}">${r.patientRef}</a> → ${r.receivingService.name} · ${t.status}: ${term(t, 'status', r.status)}</li>`,
      )}</ul>`
    : html`<p>–</p>`
}
</section>`,
  );
}

export interface DischargeFormData {
  admission: AdmissionView;
  today: string;
  values?: Record<string, string>;
  flash?: Flash | null;
}

export function dischargePage(ctx: ViewContext, data: DischargeFormData): Raw {
  const { t, base } = ctx;
  const a = data.admission;
  const v = data.values ?? {};
  const title = format(t.dischargeTitle, { ref: a.patientRef });
  const kinds = ['outpatient-clinic', 'district-psychiatric-centre', 'municipal-service'];
  return layout(
    ctx,
    { title, nav: 'admissions', wardId: a.wardId, here: `${base}/board/admissions/${a.id}/discharge`, flash: data.flash },
    html`<p><a href="${base}/board/admissions?ward=${a.wardId}">← ${t.navAdmissions}</a></p>
<h1>${title}</h1>
<form method="post" action="${base}/board/admissions/${a.id}/discharge" class="stack discharge-form">
<label for="d-on">${t.dischargedOn}</label><input id="d-on" type="date" name="dischargedOn" required value="${v.dischargedOn ?? data.today}">
<div class="row"><input id="d-continue" type="checkbox" name="continueImr"${v.continueImr === 'off' ? '' : new Raw(' checked')}><label for="d-continue">${t.continueImr}</label></div>
<fieldset><legend>${t.receivingName}</legend>
<label for="d-kind">${t.receivingKind}</label><select id="d-kind" name="kind">${kinds.map(
      (k) =>
        html`<option value="${k}"${v.kind === k ? new Raw(' selected') : ''}>${(serviceTexts(ctx.lang).letter.serviceKinds as Record<string, string>)[k]}</option>`,
    )}</select>
<label for="d-name">${t.receivingName}</label><input id="d-name" name="receivingName" maxlength="200" value="${v.receivingName ?? ''}">
<label for="d-contact">${t.contact}</label><input id="d-contact" name="contact" maxlength="200" value="${v.contact ?? ''}">
</fieldset>
<label for="d-goals">${t.goals}</label><textarea id="d-goals" name="goals" rows="3" cols="60">${v.goals ?? ''}</textarea>
<label for="d-strengths">${t.strengths}</label><textarea id="d-strengths" name="strengths" rows="2" cols="60">${v.strengths ?? ''}</textarea>
<label for="d-helps">${t.whatHelps}</label><textarea id="d-helps" name="whatHelps" rows="2" cols="60">${v.whatHelps ?? ''}</textarea>
<fieldset><legend>${t.letterFields}</legend>
<label for="d-clinician">${t.referringClinician}</label><input id="d-clinician" name="clinician" maxlength="200" value="${v.clinician ?? ''}">
<label for="d-gp">${t.gpName}</label><input id="d-gp" name="gp" maxlength="200" value="${v.gp ?? ''}">
<label for="d-question">${t.question}</label><textarea id="d-question" name="question" rows="2" cols="60">${v.question ?? ''}</textarea>
<div class="row"><input id="d-interpreter" type="checkbox" name="interpreter"${v.interpreter === 'on' ? new Raw(' checked') : ''}><label for="d-interpreter">${t.interpreterNeeded}</label></div>
<label for="d-interpreter-lang">${t.interpreterLanguage}</label><input id="d-interpreter-lang" name="interpreterLanguage" maxlength="100" value="${v.interpreterLanguage ?? ''}">
</fieldset>
<button type="submit">${t.submitDischarge}</button>
</form>`,
  );
}

export function referralPage(ctx: ViewContext, referral: ReferralView, flash: Flash | null): Raw {
  const { t, base } = ctx;
  const title = format(t.referralTitle, { ref: referral.patientRef });
  const letter = (lang: string) => `${base}/board/referrals/${referral.id}/letter?lang=${lang}`;
  return layout(
    ctx,
    { title, nav: 'admissions', here: `${base}/board/referrals/${referral.id}`, flash },
    html`<h1>${title}</h1>
<dl class="referral">
<dt>${t.status}</dt><dd class="referral-status">${term(t, 'status', referral.status)}</dd>
<dt>${t.receivingName}</dt><dd>${referral.receivingService.name} (${(serviceTexts(ctx.lang).letter.serviceKinds as Record<string, string>)[referral.receivingService.kind] ?? referral.receivingService.kind})</dd>
<dt>${t.dischargedOn}</dt><dd>${formatDate(referral.dischargedOn, ctx.lang)}</dd>
<dt>${t.remaining}</dt><dd>${modules(referral.remainingModules)}</dd>
</dl>
<p class="row"><a href="${letter('nb')}" hx-boost="false">${t.openLetterNb}</a> <a href="${letter('en')}" hx-boost="false">${t.openLetterEn}</a></p>`,
  );
}
