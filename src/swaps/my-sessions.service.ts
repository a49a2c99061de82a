import { Inject, Injectable } from '@nestjs/common';
import { Between, In } from 'typeorm';
import { AuthContext, canSeeWard } from '../auth/auth-context';
import { addDays } from '../common/time';
import { Database, IMR_DATABASE } from '../database/database';
import { SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { SessionDto } from '../sessions/sessions.dto';
import { SessionsService } from '../sessions/sessions.service';

/** A facilitator's own sessions across every ward the key sees. Reads what is stored; writes nothing. */
@Injectable()
export class MySessionsService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly sessions: SessionsService,
  ) {}

  async list(auth: AuthContext, from: string, to: string): Promise<SessionDto[]> {
    this.sessions.checkWindow(from, to);
    // A key that belongs to no facilitator (admin, or a facilitator key of nobody) has no sessions of its own.
    if (!auth.facilitatorId) return [];
    // Instants a day wider than the dates (any ward zone), then exact by the ward-local day.
    const mine = await this.db.repo(SessionAssignmentEntity).find({
      where: {
        facilitatorId: auth.facilitatorId,
        startsAt: Between(`${addDays(from, -1)}T00:00:00.000Z`, `${addDays(to, 2)}T00:00:00.000Z`),
      },
    });
    const rows = mine.length
      ? await this.db.repo(SessionEntity).find({ where: { id: In(mine.map((a) => a.sessionId)), occurrenceDate: Between(from, to) } })
      : [];
    const byWard = new Map<string, SessionEntity[]>();
    for (const r of rows.filter((r) => canSeeWard(auth, r.wardId))) byWard.set(r.wardId, [...(byWard.get(r.wardId) ?? []), r]);
    const out: SessionDto[] = [];
    for (const [wardId, list] of byWard) {
      const ward = await this.db.repo(WardEntity).findOneByOrFail({ id: wardId });
      out.push(...(await this.sessions.toDtos(ward, list)));
    }
    return out.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || (a.id < b.id ? -1 : 1));
  }
}
