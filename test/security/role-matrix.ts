/**
 * The role-and-scope matrix, as data: for every route of the OpenAPI document, who may call it and
 * how it is bound to a ward. role-matrix.e2e-spec.ts checks it route by route against the running
 * service and against GET /docs-json, so a new route without an entry here fails the test.
 *
 * - `roles`: the roles allowed besides admin (admin passes every role check); 'public' needs no key.
 * - `ownerOnly`: that role is allowed only with the key of the facilitator named in the path.
 * - `scope`:
 *     'public'  no key at all;
 *     'global'  not bound to a ward (keys, modules, creating a ward, the audit log);
 *     'ward'    the ids in the path and query belong to one ward: a key scoped to another ward gets
 *               404, exactly as for an unknown id;
 *     'listed'  a list: a key scoped to ward A sees its own records (`shows`) and never ward B's,
 *               with or without a ward filter; filtering by ward B answers 404 or shows nothing of B.
 * - `params`, `query`, `body`: how to build a valid request from the seeded fixtures of one ward
 *   ('{fixture}' placeholders). Built from ward B's fixtures, the same request is the out-of-scope one.
 * - `bodyScope`: the body names ward-bound ids; ward B's ids must be refused exactly like unknown ids.
 * - `alsoOk`: statuses besides 2xx that an allowed, in-scope caller may get on a repeated call
 *   (the state changed under the first caller), never 401/403/404.
 */
import type { Role } from '../../src/auth/auth-context';

/** Ids (or values) the seed provides per ward; `fresh*` ones are created anew for each request. */
export type Fixture =
  | 'ward'
  | 'group'
  | 'futureSession'
  | 'pastSession'
  | 'spareSession'
  | 'admission'
  | 'freshAdmission'
  | 'freshDischarged'
  | 'freshReferral'
  | 'freshGroup'
  | 'freshWard'
  | 'referral'
  | 'facilitator'
  | 'facilitator2'
  | 'spareFacilitator'
  | 'freshAbsence'
  | 'freshCalendarFile'
  | 'key'
  | 'ownSession'
  | 'colleagueSession'
  | 'offer'
  | 'swap'
  | 'webhook'
  | 'freshWebhook'
  | 'unique';

export type Scope = 'public' | 'global' | 'ward' | 'listed';

export interface RouteRule {
  roles: 'public' | readonly Role[];
  ownerOnly?: 'facilitator';
  scope: Scope;
  params?: Record<string, Fixture>;
  query?: Record<string, string>;
  body?: unknown;
  bodyScope?: true;
  alsoOk?: readonly number[];
  /** Only unscoped keys may use it; a ward-scoped key of an allowed role gets 403. */
  unscopedOnly?: true;
  /** For 'listed': the fixture of ward A the list must show to a key scoped to A. */
  shows?: Exclude<Fixture, `fresh${string}` | 'unique'>;
}

const ANY: readonly Role[] = ['coordinator', 'facilitator', 'discharge'];
const ADMIN_ONLY: readonly Role[] = [];
const WINDOW = { from: '2027-03-01', to: '2027-03-31' };

export const ROLE_MATRIX: Record<string, RouteRule> = {
  'GET /health': { roles: 'public', scope: 'public' },
  'GET /calendar/{file}': { roles: 'public', scope: 'public', params: { file: 'freshCalendarFile' } },

  'POST /api/keys': { roles: ADMIN_ONLY, scope: 'global', body: { role: 'coordinator', label: 'matrix {unique}' } },
  'GET /api/keys': { roles: ADMIN_ONLY, scope: 'global' },
  'DELETE /api/keys/{id}': { roles: ADMIN_ONLY, scope: 'global', params: { id: 'key' } },
  'GET /api/audit': { roles: ADMIN_ONLY, scope: 'global', query: { limit: '10' } },
  'GET /api/modules': { roles: ANY, scope: 'global' },

  'POST /api/wards': {
    roles: ['coordinator'],
    scope: 'global',
    unscopedOnly: true,
    body: { code: 'W{unique}', name: 'Matrix ward {unique}' },
  },
  'GET /api/wards': { roles: ANY, scope: 'listed', shows: 'ward' },
  'GET /api/wards/{id}': { roles: ANY, scope: 'ward', params: { id: 'ward' } },
  'DELETE /api/wards/{id}': { roles: ['coordinator'], scope: 'global', unscopedOnly: true, params: { id: 'freshWard' } },
  'PATCH /api/wards/{id}': { roles: ['coordinator'], scope: 'ward', params: { id: 'ward' }, body: { contactPerson: 'Kari, IMR' } },

  'POST /api/facilitators': {
    roles: ['coordinator'],
    scope: 'global',
    bodyScope: true,
    body: { name: 'Matrix facilitator {unique}', profession: 'nurse', imrTrained: true, wardIds: ['{ward}'] },
  },
  'GET /api/facilitators': { roles: ANY, scope: 'listed', query: { wardId: '{ward}' }, shows: 'facilitator' },
  'GET /api/facilitators/{id}': { roles: ANY, scope: 'ward', params: { id: 'facilitator' } },
  'PATCH /api/facilitators/{id}': {
    roles: ['coordinator'],
    scope: 'ward',
    params: { id: 'facilitator' },
    bodyScope: true,
    body: { maxSessionsPerWeek: 12, wardIds: ['{ward}'] },
  },
  'DELETE /api/facilitators/{id}': { roles: ['coordinator'], scope: 'ward', params: { id: 'spareFacilitator' } },
  'POST /api/facilitators/{id}/absences': {
    roles: ['coordinator'],
    scope: 'ward',
    params: { id: 'facilitator' },
    body: { from: '2027-09-01', to: '2027-09-02', reason: 'course' },
  },
  'GET /api/facilitators/{id}/absences': {
    roles: ['coordinator', 'facilitator'],
    ownerOnly: 'facilitator',
    scope: 'ward',
    params: { id: 'facilitator' },
  },
  'DELETE /api/facilitators/{id}/absences/{absenceId}': {
    roles: ['coordinator'],
    scope: 'ward',
    params: { id: 'facilitator', absenceId: 'freshAbsence' },
  },
  'POST /api/facilitators/{id}/calendar': {
    roles: ['coordinator', 'facilitator'],
    ownerOnly: 'facilitator',
    scope: 'ward',
    params: { id: 'facilitator' },
  },
  'DELETE /api/facilitators/{id}/calendar': {
    roles: ['coordinator', 'facilitator'],
    ownerOnly: 'facilitator',
    scope: 'ward',
    params: { id: 'facilitator' },
  },

  'POST /api/wards/{wardId}/groups': {
    roles: ['coordinator'],
    scope: 'ward',
    params: { wardId: 'ward' },
    body: {
      name: 'Matrix group {unique}',
      recurrence: 'FREQ=WEEKLY;BYDAY=TU',
      startTime: '14:00',
      durationMinutes: 60,
      startsOn: '2027-06-01',
      curriculum: 'core',
    },
  },
  'GET /api/wards/{wardId}/groups': { roles: ANY, scope: 'ward', params: { wardId: 'ward' } },
  'GET /api/wards/{wardId}/groups/{groupId}': { roles: ANY, scope: 'ward', params: { wardId: 'ward', groupId: 'group' } },
  'PATCH /api/wards/{wardId}/groups/{groupId}': {
    roles: ['coordinator'],
    scope: 'ward',
    params: { wardId: 'ward', groupId: 'group' },
    body: { room: 'Peisestua' },
  },
  'POST /api/wards/{wardId}/groups/{groupId}/end': {
    roles: ['coordinator'],
    scope: 'ward',
    params: { wardId: 'ward', groupId: 'group' },
    body: { endsOn: '2028-12-31' },
  },
  'DELETE /api/wards/{wardId}/groups/{groupId}': {
    roles: ['coordinator'],
    scope: 'ward',
    params: { wardId: 'ward', groupId: 'freshGroup' },
  },
  'GET /api/wards/{wardId}/sessions': { roles: ANY, scope: 'ward', params: { wardId: 'ward' }, query: WINDOW },
  'GET /api/sessions/{id}': { roles: ANY, scope: 'ward', params: { id: 'futureSession' } },
  'POST /api/sessions/{id}/cancel': {
    roles: ['coordinator'],
    scope: 'ward',
    params: { id: 'spareSession' },
    body: { reason: 'Ward outing' },
    alsoOk: [409],
  },
  'PUT /api/sessions/{id}/outcome': {
    roles: ['coordinator', 'facilitator'],
    ownerOnly: 'facilitator',
    scope: 'ward',
    params: { id: 'pastSession' },
    bodyScope: true,
    body: { held: true, facilitatorIds: ['{facilitator}'] },
  },
  'POST /api/sessions/{id}/uncancel': { roles: ['coordinator'], scope: 'ward', params: { id: 'spareSession' }, alsoOk: [409] },

  'POST /api/wards/{wardId}/rota/plan': { roles: ['coordinator'], scope: 'ward', params: { wardId: 'ward' }, body: WINDOW },
  'POST /api/wards/{wardId}/rota/publish': { roles: ['coordinator'], scope: 'ward', params: { wardId: 'ward' }, body: WINDOW },
  'GET /api/wards/{wardId}/rota/summary': {
    roles: ['coordinator', 'facilitator'],
    scope: 'ward',
    params: { wardId: 'ward' },
    query: WINDOW,
  },
  'GET /api/wards/{wardId}/rota/history': {
    roles: ['coordinator'],
    scope: 'ward',
    params: { wardId: 'ward' },
    query: { sessionId: '{futureSession}' },
  },
  'PUT /api/sessions/{id}/facilitators': {
    roles: ['coordinator'],
    scope: 'ward',
    params: { id: 'futureSession' },
    bodyScope: true,
    body: { facilitatorIds: ['{facilitator}', '{facilitator2}'] },
  },
  'POST /api/sessions/{id}/unlock': { roles: ['coordinator'], scope: 'ward', params: { id: 'futureSession' } },
  'GET /api/wards/{wardId}/rota/conflicts': { roles: ['coordinator'], scope: 'ward', params: { wardId: 'ward' }, query: WINDOW },
  'GET /api/sessions/{id}/candidates': { roles: ['coordinator'], scope: 'ward', params: { id: 'futureSession' } },

  'POST /api/wards/{wardId}/admissions': {
    roles: ['coordinator', 'discharge'],
    scope: 'ward',
    params: { wardId: 'ward' },
    body: { patientRef: 'MX-{unique}', admittedOn: '2027-03-02', expectedDischargeOn: '2027-04-20' },
  },
  'GET /api/wards/{wardId}/admissions': { roles: ANY, scope: 'ward', params: { wardId: 'ward' } },
  'GET /api/wards/{wardId}/discharge-worklist': {
    roles: ['coordinator', 'discharge'],
    scope: 'ward',
    params: { wardId: 'ward' },
    query: { withinDays: '60' },
  },
  'GET /api/wards/{wardId}/stats': { roles: ['coordinator', 'discharge'], scope: 'ward', params: { wardId: 'ward' }, query: WINDOW },
  'GET /api/wards/{wardId}/fidelity': { roles: ['coordinator'], scope: 'ward', params: { wardId: 'ward' }, query: WINDOW },
  'GET /api/admissions/{id}': { roles: ANY, scope: 'ward', params: { id: 'admission' } },
  'PATCH /api/admissions/{id}': {
    roles: ['coordinator', 'discharge'],
    scope: 'ward',
    params: { id: 'admission' },
    body: { expectedDischargeOn: '2027-04-30' },
  },
  'DELETE /api/admissions/{id}': { roles: ['coordinator', 'discharge'], scope: 'ward', params: { id: 'freshAdmission' } },
  'GET /api/admissions/{id}/progress': { roles: ANY, scope: 'ward', params: { id: 'admission' } },
  'POST /api/sessions/{id}/attendance': {
    roles: ['coordinator', 'facilitator'],
    scope: 'ward',
    params: { id: 'pastSession' },
    bodyScope: true,
    body: { admissionId: '{admission}' },
  },
  'PUT /api/sessions/{id}/attendance': {
    roles: ['coordinator', 'facilitator'],
    scope: 'ward',
    params: { id: 'pastSession' },
    bodyScope: true,
    body: { admissionIds: ['{admission}'] },
    alsoOk: [409],
  },
  'GET /api/sessions/{id}/attendance': { roles: ANY, scope: 'ward', params: { id: 'pastSession' } },
  'DELETE /api/sessions/{id}/attendance': {
    roles: ['coordinator', 'facilitator'],
    scope: 'ward',
    params: { id: 'pastSession' },
    bodyScope: true,
    body: { admissionId: '{freshAdmission}' },
  },
  'DELETE /api/sessions/{id}/attendance/{admissionId}': {
    roles: ['coordinator', 'facilitator'],
    scope: 'ward',
    params: { id: 'pastSession', admissionId: 'freshAdmission' },
  },
  'POST /api/admissions/{id}/discharge': {
    roles: ['coordinator', 'discharge'],
    scope: 'ward',
    params: { id: 'freshAdmission' },
    body: {
      dischargedOn: '2027-03-09',
      continueImr: true,
      receivingService: { kind: 'municipal-service', name: 'Fjordby kommune, IMR-gruppe' },
      recoveryGoals: ['Ta bussen alene til byen'],
    },
  },
  'DELETE /api/admissions/{id}/discharge': { roles: ['coordinator', 'discharge'], scope: 'ward', params: { id: 'freshDischarged' } },

  'GET /api/referrals': { roles: ['coordinator', 'discharge'], scope: 'listed', query: { wardId: '{ward}' }, shows: 'referral' },
  'GET /api/referrals/overdue': { roles: ['coordinator', 'discharge'], scope: 'listed', query: { wardId: '{ward}' } },
  'GET /api/referrals/{id}': { roles: ['coordinator', 'discharge'], scope: 'ward', params: { id: 'referral' } },
  'GET /api/referrals/{id}/fhir': { roles: ['coordinator', 'discharge'], scope: 'ward', params: { id: 'referral' } },
  'GET /api/referrals/{id}/letter': {
    roles: ['coordinator', 'discharge'],
    scope: 'ward',
    params: { id: 'referral' },
    query: { lang: 'en' },
  },
  'GET /api/referrals/{id}/letter.pdf': {
    roles: ['coordinator', 'discharge'],
    scope: 'ward',
    params: { id: 'referral' },
    query: { lang: 'nb' },
  },
  'GET /api/referrals/{id}/history': { roles: ['coordinator', 'discharge'], scope: 'ward', params: { id: 'referral' } },
  'PATCH /api/referrals/{id}': {
    roles: ['coordinator', 'discharge'],
    scope: 'ward',
    params: { id: 'freshReferral' },
    body: { receivingService: { kind: 'outpatient-clinic', name: 'Fjordby DPS, poliklinikk' }, recoveryGoals: ['Sove bedre'] },
  },
  'GET /api/referrals/{id}/edits': { roles: ['coordinator', 'discharge'], scope: 'ward', params: { id: 'referral' } },
  'POST /api/referrals/{id}/status': {
    roles: ['coordinator', 'discharge'],
    scope: 'ward',
    params: { id: 'referral' },
    body: { status: 'sent' },
    alsoOk: [409],
  },

  'GET /api/wards/{wardId}/rota.ics': { roles: ANY, scope: 'ward', params: { wardId: 'ward' }, query: WINDOW },

  'GET /api/me/sessions': { roles: ['facilitator'], scope: 'global', query: WINDOW },
  'POST /api/sessions/{id}/offers': {
    roles: ['facilitator', 'coordinator'],
    scope: 'ward',
    params: { id: 'ownSession' },
    bodyScope: true,
    body: { facilitatorId: '{facilitator}' },
    alsoOk: [409],
  },
  'GET /api/offers': { roles: ['facilitator', 'coordinator'], scope: 'listed', query: { wardId: '{ward}' }, shows: 'offer' },
  'POST /api/offers/{id}/claim': {
    roles: ['facilitator'],
    scope: 'ward',
    params: { id: 'offer' },
    body: { facilitatorId: '{facilitator}' },
    alsoOk: [409],
  },
  'POST /api/offers/{id}/approve': { roles: ['coordinator'], scope: 'ward', params: { id: 'offer' }, alsoOk: [409] },
  'POST /api/offers/{id}/decline': { roles: ['coordinator'], scope: 'ward', params: { id: 'offer' }, alsoOk: [409] },
  'POST /api/swaps': {
    roles: ['facilitator'],
    scope: 'global',
    bodyScope: true,
    body: { sessionId: '{ownSession}', withSessionId: '{colleagueSession}', facilitatorId: '{facilitator}' },
    alsoOk: [409],
  },
  'GET /api/swaps': { roles: ['facilitator', 'coordinator'], scope: 'listed', shows: 'swap' },
  'POST /api/swaps/{id}/accept': { roles: ['facilitator'], scope: 'ward', params: { id: 'swap' }, alsoOk: [409] },
  'POST /api/swaps/{id}/approve': { roles: ['coordinator'], scope: 'ward', params: { id: 'swap' }, alsoOk: [409] },
  'POST /api/swaps/{id}/decline': { roles: ['facilitator', 'coordinator'], scope: 'ward', params: { id: 'swap' }, alsoOk: [409] },
  'GET /api/wards/{wardId}/swap-settings': { roles: ['coordinator', 'facilitator'], scope: 'ward', params: { wardId: 'ward' } },
  'PUT /api/wards/{wardId}/swap-settings': {
    roles: ['coordinator'],
    scope: 'ward',
    params: { wardId: 'ward' },
    body: { swapApproval: false },
  },

  'POST /api/webhooks': { roles: ADMIN_ONLY, scope: 'global', body: { url: 'https://203.0.113.12/imr', events: ['*'] } },
  'GET /api/webhooks': { roles: ADMIN_ONLY, scope: 'global' },
  'DELETE /api/webhooks/{id}': { roles: ADMIN_ONLY, scope: 'global', params: { id: 'freshWebhook' } },
  'GET /api/webhooks/{id}/deliveries': { roles: ADMIN_ONLY, scope: 'global', params: { id: 'webhook' } },
};

/** Public routes the OpenAPI document does not describe (it cannot describe itself). */
export const UNDOCUMENTED_PUBLIC_ROUTES: readonly string[] = ['GET /docs', 'GET /docs-json'];
