import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';

/**
 * Targeted rate limits on @nestjs/throttler's in-memory storage (failed authentication, calendar
 * tokens). Not a global guard: stack.md measured that at 0.05× throughput.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly storage = new ThrottlerStorageService();

  /** Counts one hit; false when the key has gone over `limit` within `windowMs` (and stays blocked for the window). */
  async hit(bucket: string, key: string, limit: number, windowMs: number): Promise<boolean> {
    const record = await this.storage.increment(`${bucket}:${key}`, windowMs, limit, windowMs, bucket);
    return !record.isBlocked;
  }

  onApplicationShutdown(): void {
    this.storage.onApplicationShutdown();
  }
}
