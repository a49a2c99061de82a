/** The referral's free-text parts as FHIR annotations (English labels; the person's words as given). */
import type { FhirAnnotation } from './fhir-types';
import { ReferralSnapshot } from './referral-snapshot';

export function requestNotes(s: ReferralSnapshot): FhirAnnotation[] {
  const list = (ns: number[]) => (ns.length ? ns.join(', ') : 'none');
  const notes = [
    `Edition: ${s.edition.name}. Completed modules: ${list(s.completedModules.map((c) => c.number))}. ` +
      `Remaining modules: ${list(s.remainingModules)}. Core modules still ahead: ${list(s.coreModulesMissing)}.`,
    `Took part in ${s.attendance.sessionsAttended} IMR session${s.attendance.sessionsAttended === 1 ? '' : 's'} during a ${s.stay} stay (${s.admittedOn} to ${s.dischargedOn}).`,
    s.consent.sharingConsented ? 'The person consented to sharing this referral.' : 'Consent to sharing is not recorded.',
    s.consent.patientGetsCopy ? 'The person receives a copy.' : 'No copy to the person is recorded.',
    'The person’s identity follows separately by a secure channel; this referral carries only the ward’s pseudonymous reference.',
  ];
  const p = s.preferences;
  const prefs = [
    p?.format ? `format: ${p.format}` : null,
    p?.language ? `language: ${p.language}` : null,
    p?.timeOfDay ? `time of day: ${p.timeOfDay}` : null,
  ].filter((x): x is string => x !== null);
  if (prefs.length) notes.push(`Preferences: ${prefs.join('; ')}.`);
  if (s.question) notes.push(`Question to the receiving service: ${s.question}`);
  if (s.desiredStart) notes.push(`Wished start: ${s.desiredStart}.`);
  if (s.interpreter)
    notes.push(
      s.interpreter.needed ? `Interpreter needed${s.interpreter.language ? `: ${s.interpreter.language}` : ''}.` : 'No interpreter needed.',
    );
  if (s.individualPlan) {
    notes.push(
      s.individualPlan.exists
        ? `Individual plan (individuell plan) in place${s.individualPlan.coordinator ? `; coordinator: ${s.individualPlan.coordinator}` : ''}.`
        : 'No individual plan (individuell plan).',
    );
  }
  if (s.gp) notes.push(`GP (fastlege): ${[s.gp.name, s.gp.practice].filter(Boolean).join(', ')}.`);
  if (s.copiesTo?.length) notes.push(`Copies to: ${s.copiesTo.join('; ')}.`);
  if (s.ward.contactPerson) notes.push(`Contact person at the ward: ${s.ward.contactPerson}.`);
  return notes.map((text) => ({ text }));
}

export function planNotes(s: ReferralSnapshot): FhirAnnotation[] {
  const social = s.socialSituation ?? {};
  const lines: [string, string[] | string | null | undefined][] = [
    ['What helps', s.whatHelps],
    ['Strengths', s.strengths],
    ['Housing', social.housing],
    ['Work or education', social.workOrEducation],
    ['Finances', social.finances],
    ['Network', social.network],
    ['Significant others involved', s.significantOthers],
    ['Handouts given', s.handoutsGiven],
    ['Plan for staying well', s.planForStayingWell],
    ['Crisis plan', s.crisisPlan],
  ];
  const notes: FhirAnnotation[] = [];
  for (const [label, value] of lines) {
    const text = Array.isArray(value) ? value.join('; ') : value;
    if (text) notes.push({ text: `${label}: ${text}` });
  }
  return notes;
}
