import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { WebhookDispatcher } from '../events/webhooks/webhook-dispatcher.service';
import { OffersService } from '../swaps/offers.service';
import { SwapsService } from '../swaps/swaps.service';
import { JobLeaseService } from './job-lease.service';

export const WEBHOOK_LEASE = 'webhook-deliveries';
const EXPIRY_EVERY_MS = 30_000;

/**
 * Sends webhook deliveries every IMR_EVENTS_POLL_MS (default 500 ms), and every 30 s expires offers and
 * swaps whose session started or changed, in the instance that holds the lease; runs never overlap.
 * Switched off with the other jobs (IMR_JOBS_ENABLED=false).
 */
@Injectable()
export class WebhookDeliveryJob implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private current: Promise<unknown> | null = null;
  private stopped = false;
  private lastExpiry = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly lease: JobLeaseService,
    private readonly dispatcher: WebhookDispatcher,
    private readonly offers: OffersService,
    private readonly swaps: SwapsService,
  ) {}

  onModuleInit(): void {
    if (!this.config.jobs.enabled) return;
    const timer = setInterval(() => void this.tick(), this.config.events.pollMs);
    this.registry.addInterval(WEBHOOK_LEASE, timer);
  }

  /** One run, if no run is in flight and this instance holds the lease. */
  tick(): Promise<unknown> {
    if (this.current || this.stopped) return this.current ?? Promise.resolve();
    this.current = (async () => {
      const ttl = this.config.events.leaseMs;
      if (!(await this.lease.hold(WEBHOOK_LEASE, ttl))) return;
      let renewed = Date.now();
      // Renewed between deliveries, so a slow receiver never lets a second instance start on the same lanes.
      const keep = async () => Date.now() - renewed < ttl / 3 || ((renewed = Date.now()), this.lease.hold(WEBHOOK_LEASE, ttl));
      if (Date.now() - this.lastExpiry >= EXPIRY_EVERY_MS) {
        this.lastExpiry = Date.now();
        await this.offers.expireStale();
        await this.swaps.expireStale();
      }
      await this.dispatcher.run(keep);
    })()
      .catch((error) => this.logger.error(`webhook deliveries failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.current = null));
    return this.current;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.registry.doesExist('interval', WEBHOOK_LEASE)) this.registry.deleteInterval(WEBHOOK_LEASE);
    await this.current;
    await this.lease.release(WEBHOOK_LEASE).catch(() => undefined);
  }
}
