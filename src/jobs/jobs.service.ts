import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { Clock } from '../common/clock';
import { localDate } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobLockService, TickOutcome } from './job-lock.service';

export interface JobDefinition {
  name: string;
  /** Cron expression, in the zone below. */
  cron: string;
  timeZone: string;
  run: (now: Date) => Promise<unknown>;
}

export const JOB_DEFINITIONS = Symbol('JOB_DEFINITIONS');

/**
 * Registers the service's scheduled jobs with @nestjs/schedule (unless IMR_JOBS_ENABLED=false).
 * Each tick claims itself in the database first, so several instances run it once.
 */
@Injectable()
export class JobsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    @Inject(JOB_DEFINITIONS) private readonly jobs: JobDefinition[],
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly lock: JobLockService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    if (!this.config.jobs.enabled) {
      this.logger.log('scheduled jobs are switched off (IMR_JOBS_ENABLED=false)');
      return;
    }
    for (const job of this.jobs) {
      const cron = CronJob.from({
        cronTime: job.cron,
        timeZone: job.timeZone,
        onTick: () => {
          const run = this.runJob(job.name).catch(() => undefined);
          this.running.add(run);
          void run.finally(() => this.running.delete(run));
        },
        start: true,
      });
      this.registry.addCronJob(job.name, cron as never);
    }
  }

  /** Stops the timers and waits for ticks in flight, so shutdown never cuts a job in half. */
  async onApplicationShutdown(): Promise<void> {
    for (const job of this.jobs) {
      if (this.registry.doesExist('cron', job.name)) this.registry.getCronJob(job.name).stop();
    }
    await Promise.allSettled([...this.running]);
  }

  names(): string[] {
    return this.jobs.map((j) => j.name);
  }

  /**
   * Runs one tick of a job now. The jobs are daily, so the tick key is the day in the job's zone:
   * every instance firing that day (however late) shares it, and the job runs once a day.
   */
  async runJob(name: string, tick?: string): Promise<TickOutcome> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`unknown job ${name}`);
    const now = this.clock.now();
    const key = tick ?? localDate(now, job.timeZone);
    return this.lock.runOnce(name, key, () => job.run(now));
  }
}
