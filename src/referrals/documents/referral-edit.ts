/**
 * Editing a draft referral: the handoff fields given replace the recorded ones, normalised exactly as at
 * discharge (trimmed, blanks dropped, goals as {text, progress}). Pure: returns the new snapshot and what
 * changed, for the edit history. Progress facts (modules, attendance) are never edited: they come from
 * the record. The Norwegian letter fields (issue 18) are editable too.
 */
import { InvalidInputError } from '../../common/errors';
import type { ReferralSnapshot } from './referral-snapshot';
import {
  CARE_FIELDS,
  canonical,
  DischargeRequestInput,
  handoffOf,
  HandoffDetails,
  LETTER_FIELDS,
  normaliseDischarge,
} from './referral-snapshot.builder';

/** Every handoff field but consent, which a draft edit does not change. */
export const EDITABLE_FIELDS = [...CARE_FIELDS, ...LETTER_FIELDS] as const satisfies readonly (keyof HandoffDetails)[];

export type EditableField = (typeof EDITABLE_FIELDS)[number];
export type ReferralPatch = Partial<Pick<DischargeRequestInput, EditableField>>;

export interface DraftEdit {
  snapshot: ReferralSnapshot;
  fields: EditableField[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export function editDraft(snapshot: ReferralSnapshot, patch: ReferralPatch): DraftEdit {
  const given = EDITABLE_FIELDS.filter((field) => patch[field] !== undefined);
  if (!given.length) throw new InvalidInputError('body', `must name at least one of ${EDITABLE_FIELDS.join(', ')}`);
  const current = handoffOf(snapshot);
  const input: DischargeRequestInput = { ...current, dischargedOn: snapshot.dischargedOn, continueImr: true };
  for (const field of given) Object.assign(input, { [field]: patch[field] });
  const next = normaliseDischarge(input).handoff!;
  const fields = given.filter((field) => canonical(current[field]) !== canonical(next[field]));
  const edited: Record<string, unknown> = { ...snapshot };
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const field of fields) {
    before[field] = current[field] ?? null;
    after[field] = next[field] ?? null;
    if (next[field] === undefined) delete edited[field];
    else edited[field] = next[field];
  }
  return { snapshot: edited as unknown as ReferralSnapshot, fields, before, after };
}
