import { NotFoundError } from '../common/errors';

export const ROLES = ['admin', 'coordinator', 'facilitator', 'discharge'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: resolved from the bearer key by the guard. */
export interface AuthContext {
  keyId: string | null;
  role: Role;
  /** null: every ward. */
  wardIds: string[] | null;
  /** Set on a facilitator's own key. */
  facilitatorId: string | null;
}

export function canSeeWard(auth: AuthContext, wardId: string): boolean {
  return auth.wardIds === null || auth.wardIds.includes(wardId);
}

/** Outside the key's ward scope looks exactly like an unknown id: 404. */
export function assertWardInScope(auth: AuthContext, wardId: string, entity: string, id: string): void {
  if (!canSeeWard(auth, wardId)) throw new NotFoundError(entity, id);
}

/** A resource bound to several wards (a facilitator's pool) is visible when any of them is in scope. */
export function assertAnyWardInScope(auth: AuthContext, wardIds: string[], entity: string, id: string): void {
  if (auth.wardIds !== null && !wardIds.some((w) => auth.wardIds!.includes(w))) throw new NotFoundError(entity, id);
}
