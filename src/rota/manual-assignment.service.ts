import { Inject, Injectable } from '@nestjs/common';
import { AuthContext } from '../auth/auth-context';
import { Clock } from '../common/clock';
import { DomainEvents } from '../events/domain-events';
import { API_ERROR_LANGUAGE, ConflictError, InvalidInputError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { SessionDto } from '../sessions/sessions.dto';
import { SessionsService } from '../sessions/sessions.service';
import { SessionEntity } from '../database/schema/session.entity';
import { checkAssignment } from './planner/planner';
import { describeBreach } from './planner/rule-text';
import { AssignmentViolation } from './planner/planner.types';
import { bookingWindow } from './booking-window';
import { toPlannerSession } from './rota-input';
import { RotaRepository } from './rota.repository';

/** The sentence a 409 gives for a broken rule (also used by offers and swaps). */
export function describe(v: AssignmentViolation, names: Map<string, string>, needed: number): string {
  const who = v.facilitatorId ? (names.get(v.facilitatorId) ?? v.facilitatorId) : '';
  switch (v.reason) {
    case 'wrong-count':
      return `this session needs exactly ${needed} facilitator(s)`;
    case 'duplicate-facilitator':
      return `${who} is named twice`;
    case 'inactive':
      return `${who} is deactivated`;
    case 'not-in-pool':
      return `${who} is not in this ward's pool`;
    case 'absent':
      return `${who} is absent that day`;
    case 'unavailable':
      return `${who} is not available at that time`;
    case 'already-booked':
      return `${who} is already booked at that time (another session overlaps, buffer included)`;
    case 'at-weekly-cap':
      return `${who} has reached their weekly maximum of sessions`;
    case 'no-trained-lead':
      return `the lead (the first id) must be an IMR-trained facilitator`;
    case 'trainee-alone':
      return `a trainee cannot run a session without a trained facilitator`;
    default:
      return v.reason;
  }
}

/**
 * Assignment by hand. The check and the write happen in one transaction that holds the people's
 * locks (PostgreSQL advisory locks; SQLite serialises writes), so of two parallel requests putting
 * one person in overlapping sessions exactly one wins.
 */
@Injectable()
export class ManualAssignmentService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly sessions: SessionsService,
    private readonly repo: RotaRepository,
    private readonly events: DomainEvents,
  ) {}

  async assign(auth: AuthContext, sessionId: string, facilitatorIds: string[]): Promise<SessionDto> {
    const { ward } = await this.sessions.requireSession(auth, sessionId);
    const now = this.clock.now().toISOString();
    const touched = await this.db.transaction(async (em) => {
      // Coarse keys first, people last (the order every rota write keeps), so no two writes wait on each other in a circle.
      await this.db.lockKeys(em, [`session:${sessionId}`]);
      await this.db.lockKeys(
        em,
        facilitatorIds.map((id) => `facilitator:${id}`),
      );
      const session = await em.findOneByOrFail(SessionEntity, { id: sessionId });
      if (session.status === 'cancelled') throw new ConflictError('the session is cancelled');
      if (session.startsAt <= now) throw new ConflictError('the session has already started; its record cannot change');
      const facilitators = await this.repo.facilitators([...new Set(facilitatorIds)], em);
      const visible = facilitators.filter((f) => auth.wardIds === null || f.wardIds.some((w) => auth.wardIds!.includes(w)));
      const unknown = facilitatorIds.find((id) => !visible.some((f) => f.id === id));
      if (unknown) throw new InvalidInputError('facilitatorIds', `names an unknown facilitator ${unknown}`);
      const current = await this.repo.assignmentsOf([sessionId], em);
      const plannerSession = toPlannerSession(session, ward.timezone, current);
      const span = bookingWindow(session.startsAt, session.endsAt);
      const otherBookings = await this.repo.bookings(facilitatorIds, span.from, span.to, em);
      const violation = checkAssignment({
        session: plannerSession,
        facilitatorIds,
        facilitators,
        otherBookings,
        bufferMinutes: this.config.rota.bufferMinutes,
      });
      if (violation) {
        const names = new Map(facilitators.map((f) => [f.id, f.name]));
        let message = describe(violation, names, session.facilitatorsPerSession);
        if (violation.breach && (violation.breach.rule === 'clash' || violation.breach.rule === 'over-cap')) {
          message += `: ${describeBreach(violation.breach, await this.repo.wording([violation.breach], names, API_ERROR_LANGUAGE, em), 'candidate')}`;
        }
        if (violation.reason === 'wrong-count') throw new InvalidInputError('facilitatorIds', message);
        throw new ConflictError(message);
      }
      const after = facilitatorIds.map((id, i) => ({ facilitatorId: id, role: i === 0 ? ('lead' as const) : ('co' as const) }));
      await this.repo.apply(em, [{ session, before: plannerSession.current, after }], 'manual', auth.keyId, now, true);
      return [...new Set([...plannerSession.current.map((a) => a.facilitatorId), ...facilitatorIds])];
    });
    this.events.emit({
      type: 'sessions-changed',
      wardId: ward.id,
      sessionIds: [sessionId],
      facilitatorIds: touched,
      assignmentsOnly: true,
    });
    return this.sessions.get(auth, sessionId);
  }

  /** Lets the planner manage the session again; its current facilitators stay until a re-plan finds them invalid. */
  async unlock(auth: AuthContext, sessionId: string): Promise<SessionDto> {
    await this.sessions.requireSession(auth, sessionId);
    await this.db.transaction((em) => em.update(SessionEntity, { id: sessionId }, { locked: false }));
    return this.sessions.get(auth, sessionId);
  }
}
