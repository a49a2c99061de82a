import { Inject, Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { Clock } from '../common/clock';
import { Database, IMR_DATABASE } from '../database/database';
import { JobLeaseEntity } from '../database/schema/outbox.entity';

/**
 * For work that runs continuously rather than once a tick (webhook deliveries): one instance holds a
 * named lease and renews it on every run; when it stops renewing (stopped, crashed, kill -9) another
 * instance takes over once the lease has expired. The claim is one conditional write, so exactly one
 * instance wins on SQLite and PostgreSQL alike.
 */
@Injectable()
export class JobLeaseService {
  readonly instance = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** True when this instance holds (or has just taken, or renewed) the lease for the next `ttlMs`. */
  async hold(name: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    return this.db.transaction(async (em) => {
      await em.createQueryBuilder().insert().into(JobLeaseEntity).values({ name, holder: this.instance, expiresAt }).orIgnore().execute();
      const result = await em
        .createQueryBuilder()
        .update(JobLeaseEntity)
        .set({ holder: this.instance, expiresAt })
        .where('name = :name', { name })
        .andWhere('(holder = :me OR "expiresAt" < :now)', { me: this.instance, now: now.toISOString() })
        .execute();
      return (result.affected ?? 0) > 0;
    });
  }

  /** Gives the lease up at shutdown, so another instance need not wait for it to expire. */
  async release(name: string): Promise<void> {
    await this.db.transaction((em) => em.delete(JobLeaseEntity, { name, holder: this.instance }));
  }
}
