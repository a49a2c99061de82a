import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { API_ERROR_LANGUAGE, ConflictError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { bookingWindow } from '../rota/booking-window';
import { describe } from '../rota/manual-assignment.service';
import { describeBreach } from '../rota/planner/rule-text';
import { toPlannerSession } from '../rota/rota-input';
import { AssignmentChange, RotaRepository } from '../rota/rota.repository';
import { checkReplacement } from './core/replacement';

export interface HandOver {
  session: SessionEntity;
  outId: string;
  inId: string;
}

/**
 * Checks hand-overs of places on sessions with the same rules and inputs as manual assignment, inside
 * the caller's transaction (which holds the sessions' and people's locks). Several hand-overs are
 * checked together, each without the bookings the others remove, so a swap is judged as one change.
 */
@Injectable()
export class HandOverService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: RotaRepository,
  ) {}

  /** The changes to apply, or the first rule broken as a sentence (null when all hold). */
  async check(em: EntityManager, moves: HandOver[]): Promise<{ changes: AssignmentChange[]; problem: string | null }> {
    const changes: AssignmentChange[] = [];
    for (const move of moves) {
      const { session } = move;
      if (session.status !== 'scheduled') return { changes, problem: 'the session is cancelled' };
      const ward = await em.findOneByOrFail(WardEntity, { id: session.wardId });
      const current = await this.repo.assignmentsOf([session.id], em);
      const planner = toPlannerSession(session, ward.timezone, current);
      if (!planner.current.some((a) => a.facilitatorId === move.outId))
        return { changes, problem: 'the person giving the place is no longer on the session' };
      if (planner.current.some((a) => a.facilitatorId === move.inId))
        return { changes, problem: 'the person taking the place is already on the session' };
      const ids = [...new Set([...planner.current.map((a) => a.facilitatorId), move.inId])];
      const facilitators = await this.repo.facilitators(ids, em);
      // Bookings that this same change removes (the other side of a swap) do not count.
      const leaving = new Set(moves.map((m) => `${m.outId}|${m.session.id}`));
      const span = bookingWindow(session.startsAt, session.endsAt);
      const bookings = (await this.repo.bookings(ids, span.from, span.to, em)).filter(
        (b) => !leaving.has(`${b.facilitatorId}|${b.sessionId}`),
      );
      const result = checkReplacement({
        session: planner,
        outId: move.outId,
        inId: move.inId,
        facilitators,
        otherBookings: bookings,
        bufferMinutes: this.config.rota.bufferMinutes,
      });
      if (!result.ok) {
        // The same sentence as manual assignment's 409, naming the clashing session or the week's count.
        const names = new Map(facilitators.map((f) => [f.id, f.name]));
        let problem = describe(result.violation, names, session.facilitatorsPerSession);
        const breach = result.violation.breach;
        if (breach && (breach.rule === 'clash' || breach.rule === 'over-cap')) {
          problem += `: ${describeBreach(breach, await this.repo.wording([breach], names, API_ERROR_LANGUAGE, em), 'candidate')}`;
        }
        return { changes, problem };
      }
      changes.push({ session, before: planner.current, after: result.after });
    }
    return { changes, problem: null };
  }

  /** Applies checked changes: history, lock against re-planning, calendar SEQUENCE and outbox events. */
  async apply(em: EntityManager, changes: AssignmentChange[], action: string, keyId: string | null, now: string): Promise<void> {
    await this.repo.apply(em, changes, action, keyId, now, true);
  }

  async checkOrThrow(em: EntityManager, moves: HandOver[]): Promise<AssignmentChange[]> {
    const { changes, problem } = await this.check(em, moves);
    if (problem) throw new ConflictError(problem);
    return changes;
  }
}
