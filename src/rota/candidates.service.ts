import { wardLanguage } from '../wards/wards.dto';
import { Inject, Injectable } from '@nestjs/common';
import { AuthContext } from '../auth/auth-context';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SessionsService } from '../sessions/sessions.service';
import { personBreaches } from './planner/planner-rules';
import { describeBreach } from './planner/rule-text';
import { CandidateDto } from './rota.dto';
import { toPlannerSession } from './rota-input';
import { bookingWindow } from './booking-window';
import { RotaRepository } from './rota.repository';

/** Who could work a session: every member of the ward's pool, with each rule that rules them out in words. */
@Injectable()
export class CandidatesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsService,
    private readonly repo: RotaRepository,
  ) {}

  async candidates(auth: AuthContext, sessionId: string): Promise<CandidateDto[]> {
    const { session, ward } = await this.sessions.requireSession(auth, sessionId);
    const pool = await this.repo.poolIds(ward.id);
    const current = await this.repo.assignmentsOf([sessionId]);
    const facilitators = await this.repo.facilitators(pool);
    const target = toPlannerSession(session, ward.timezone, current);
    const { from, to } = bookingWindow(session.startsAt, session.endsAt);
    const bookings = await this.repo.bookings(pool, from, to);
    const rows = facilitators.map((f) => ({ f, breaches: personBreaches(f, target, bookings, this.config.rota.bufferMinutes) }));
    const words = await this.repo.wording(
      rows.flatMap((r) => r.breaches),
      new Map(facilitators.map((f) => [f.id, f.name])),
      wardLanguage(ward),
    );
    const assigned = new Set(current.map((a) => a.facilitatorId));
    return rows
      .map(({ f, breaches }) => ({
        facilitatorId: f.id,
        name: f.name,
        trained: f.imrTrained,
        eligible: breaches.length === 0,
        canLead: breaches.length === 0 && f.imrTrained,
        assigned: assigned.has(f.id),
        reasons: breaches.map((b) => ({ rule: b.rule, detail: describeBreach(b, words, 'candidate') })),
      }))
      .sort((a, b) => (a.name === b.name ? (a.facilitatorId < b.facilitatorId ? -1 : 1) : a.name < b.name ? -1 : 1));
  }
}
