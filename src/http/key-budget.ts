import { Inject, Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { FixedWindowRateLimiter, RateDecision } from './rate-limiter';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * The per-key request budget on /api (IMR_KEY_REQUESTS_PER_MINUTE, default 600): one Map lookup per
 * request, unlike @nestjs/throttler's store, which filters every hit of the window on each call
 * (stack.md). Counted on the process's own monotonic time, not the injectable clock: it protects the
 * running server, whatever the service's notion of "now".
 */
@Injectable()
export class KeyBudget {
  private readonly limiter: FixedWindowRateLimiter;
  private readonly origin = Date.now() - performance.now();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = new FixedWindowRateLimiter(config.http.keyRequestsPerMinute, 60_000, 1_000_000);
  }

  spend(keyId: string | null): RateDecision {
    return this.limiter.hit(keyId ?? 'bootstrap-admin', this.origin + performance.now());
  }
}
