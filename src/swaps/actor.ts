import { AuthContext } from '../auth/auth-context';
import { ForbiddenError, InvalidInputError } from '../common/errors';

/** The facilitator a request acts for: a facilitator key acts for itself; other keys name the person. */
export function actingFacilitator(auth: AuthContext, given: string | undefined, field = 'facilitatorId'): string {
  if (auth.role === 'facilitator') {
    if (!auth.facilitatorId) throw new ForbiddenError('this facilitator key belongs to no facilitator');
    if (given && given.toLowerCase() !== auth.facilitatorId)
      throw new ForbiddenError('a facilitator key acts only for its own facilitator');
    return auth.facilitatorId;
  }
  if (!given) throw new InvalidInputError(field, 'is required unless the key is a facilitator’s own');
  return given.toLowerCase();
}

/** Why an offer or swap can no longer go ahead because its session moved on, or null. */
export function staleReason(
  session: { startsAt: string; sequence: number; status: string } | null,
  sequenceWhenMade: number,
  now: string,
): string | null {
  if (!session) return 'the session no longer exists';
  if (session.startsAt <= now) return 'the session has started';
  if (session.status !== 'scheduled') return 'the session is cancelled';
  if (session.sequence !== sequenceWhenMade) return 'the session changed after it was offered';
  return null;
}
