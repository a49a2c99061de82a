import { NotFoundError } from '../common/errors';
import { AuthContext } from './auth-context';

/**
 * How a key stands to one facilitator (pure):
 * - 'manage': an unscoped key, or a key whose scope covers the person's home ward. Only such keys
 *   (of a role the route allows) change the person: attributes, availability, cap, absences,
 *   activity, calendar link.
 * - 'own': the person's own facilitator key: reads and rotates its own link, reads its own absences.
 * - 'shared': the key sees the person through another ward of their pool: what planning needs
 *   (name, training, availability, absence dates without reasons), and may take them off its own pool.
 * A key that sees none of the person's wards gets null (404, as for an unknown id).
 */
export type FacilitatorAccess = 'manage' | 'own' | 'shared';

export interface FacilitatorScope {
  id: string;
  homeWardId: string | null;
  /** The wards of the person's pool. */
  wardIds: string[];
}

export function coversHomeWard(auth: AuthContext, f: FacilitatorScope): boolean {
  return auth.wardIds === null || (f.homeWardId !== null && auth.wardIds.includes(f.homeWardId));
}

export function facilitatorAccess(auth: AuthContext, f: FacilitatorScope): FacilitatorAccess | null {
  if (auth.role === 'facilitator' && auth.facilitatorId === f.id) return 'own';
  if (coversHomeWard(auth, f)) return 'manage';
  if (f.wardIds.some((w) => auth.wardIds!.includes(w))) return 'shared';
  return null;
}

/** The access, or 404 for a key that cannot see the person. */
export function requireFacilitatorAccess(auth: AuthContext, f: FacilitatorScope): FacilitatorAccess {
  const access = facilitatorAccess(auth, f);
  if (!access) throw new NotFoundError('facilitator', f.id);
  return access;
}

/** The wards of a pool a key may see: all for unscoped keys, otherwise only those in its scope. */
export function visibleWards(auth: AuthContext, wardIds: string[]): string[] {
  return auth.wardIds === null ? [...wardIds] : wardIds.filter((w) => auth.wardIds!.includes(w));
}

/** Absence reasons are for the people who manage the person (not colleagues) and for the person. */
export function mayReadAbsenceReasons(auth: AuthContext, access: FacilitatorAccess): boolean {
  return access === 'own' || (access === 'manage' && (auth.role === 'coordinator' || auth.role === 'admin'));
}

/**
 * A scoped change of pool: the wards the key cannot see are kept as they are, the ones it can see
 * become what it asked for. The home ward always stays in the pool.
 */
export function nextPool(auth: AuthContext, current: string[], requested: string[]): string[] {
  const hidden = auth.wardIds === null ? [] : current.filter((w) => !auth.wardIds!.includes(w));
  return [...new Set([...requested, ...hidden])];
}
