import { BeforeApplicationShutdown, CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Observable, finalize } from 'rxjs';

/**
 * Counts handlers still running, so shutdown can wait for them before the database closes. Fastify
 * drains open connections, but a handler whose client has gone away keeps running on its own.
 */
@Injectable()
export class InFlightRequests implements NestInterceptor, BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private count = 0;
  private idle: (() => void)[] = [];

  intercept(_: ExecutionContext, next: CallHandler): Observable<unknown> {
    this.enter();
    return next.handle().pipe(finalize(() => this.leave()));
  }

  enter(): void {
    this.count++;
  }

  leave(): void {
    this.count--;
    if (this.count === 0) this.idle.splice(0).forEach((resolve) => resolve());
  }

  get running(): number {
    return this.count;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.count === 0) return;
    this.logger.log(`waiting for ${this.count} request(s) to finish`);
    await Promise.race([
      new Promise<void>((resolve) => this.idle.push(resolve)),
      new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref()),
    ]);
  }
}
