import { Inject, Injectable, Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { Clock } from '../common/clock';
import { Database, IMR_DATABASE } from '../database/database';
import { JobRunEntity } from '../database/schema/job-run.entity';

export type TickOutcome = 'ran' | 'skipped' | 'failed';

/**
 * Runs a job tick at most once across every instance sharing the database: claiming a tick is an
 * insert into job_runs, whose primary key (job, tick) lets exactly one instance win.
 */
@Injectable()
export class JobLockService {
  private readonly logger = new Logger('Jobs');
  private readonly instance = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async runOnce(job: string, tick: string, work: () => Promise<unknown>): Promise<TickOutcome> {
    const claimed = await this.claim(job, tick);
    if (!claimed) return 'skipped';
    try {
      await work();
      await this.finish(job, tick, 'done');
      return 'ran';
    } catch (error) {
      this.logger.error(`job ${job} tick ${tick} failed: ${error instanceof Error ? error.message : String(error)}`);
      await this.finish(job, tick, 'failed');
      return 'failed';
    }
  }

  private async claim(job: string, tick: string): Promise<boolean> {
    try {
      await this.db.transaction((em) =>
        em.insert(JobRunEntity, {
          job,
          tick,
          instance: this.instance,
          startedAt: this.clock.now().toISOString(),
          finishedAt: null,
          outcome: 'running',
        }),
      );
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      if (/UNIQUE|duplicate key/i.test(message)) return this.reclaim(job, tick);
      throw error;
    }
  }

  /** A tick that failed, or whose instance died mid-run (still "running" after two hours), may run again. */
  private async reclaim(job: string, tick: string): Promise<boolean> {
    const now = this.clock.now();
    const stale = new Date(now.getTime() - 2 * 3_600_000).toISOString();
    const result = await this.db.transaction((em) =>
      em
        .createQueryBuilder()
        .update(JobRunEntity)
        .set({ instance: this.instance, startedAt: now.toISOString(), finishedAt: null, outcome: 'running' })
        .where('job = :job AND tick = :tick', { job, tick })
        .andWhere("(outcome = 'failed' OR (outcome = 'running' AND \"startedAt\" < :stale))", { stale })
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }

  private async finish(job: string, tick: string, outcome: string): Promise<void> {
    await this.db.transaction((em) => em.update(JobRunEntity, { job, tick }, { finishedAt: this.clock.now().toISOString(), outcome }));
  }

  async runsOf(job: string): Promise<JobRunEntity[]> {
    return this.db.repo(JobRunEntity).find({ where: { job }, order: { tick: 'ASC' } });
  }
}
