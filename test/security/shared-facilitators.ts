/**
 * The role matrix for facilitators shared between wards (issue 14), as data. A shared person has
 * home ward A and also works on ward B. For every route bound to one facilitator, what each of
 * these keys gets:
 *   home      a coordinator key scoped to A (the home ward is in scope): manages the person;
 *   away      a coordinator key scoped to B (the home ward is out of scope): sees what planning needs;
 *   own       the person's own facilitator key (scoped to A);
 *   colleague a facilitator key of another person on ward B;
 *   stranger  a coordinator key scoped to a ward outside the person's pool: 404, as for an unknown id.
 * shared-facilitators.e2e-spec.ts checks every entry and that every such route of ROLE_MATRIX has one.
 */
export type SharedCaller = 'stranger' | 'colleague' | 'away' | 'own' | 'home';

export interface SharedRule {
  /** '{absence}' is a fresh absence of the person. */
  body?: unknown;
  expect: Record<SharedCaller, number>;
}

const READ = { stranger: 404, colleague: 200, away: 200, own: 200, home: 200 } as const;
const MANAGE = (ok: number) => ({ stranger: 404, colleague: 403, away: 403, own: 403, home: ok });
const LINK = (ok: number) => ({ stranger: 404, colleague: 403, away: 403, own: ok, home: ok });

export const SHARED_FACILITATOR_RULES: Record<string, SharedRule> = {
  'GET /api/facilitators/{id}': { expect: READ },
  'PATCH /api/facilitators/{id}': { body: { maxSessionsPerWeek: 9, availability: null }, expect: MANAGE(200) },
  'DELETE /api/facilitators/{id}': { expect: MANAGE(200) },
  'POST /api/facilitators/{id}/absences': { body: { from: '2027-10-01', to: '2027-10-02', reason: 'course' }, expect: MANAGE(201) },
  'GET /api/facilitators/{id}/absences': { expect: { ...READ, colleague: 403 } },
  'DELETE /api/facilitators/{id}/absences/{absenceId}': { expect: MANAGE(204) },
  'POST /api/facilitators/{id}/calendar': { expect: LINK(201) },
  'DELETE /api/facilitators/{id}/calendar': { expect: LINK(204) },
};

/** Routes of ROLE_MATRIX that act on one facilitator: each needs an entry above. */
export const isFacilitatorBound = (op: string): boolean => /^[A-Z]+ \/api\/facilitators\/\{id\}/.test(op);
