import { Inject, Injectable } from '@nestjs/common';
import { Observable, share, Subject } from 'rxjs';
import { MoreThan } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { OutboxEventEntity } from '../database/schema/outbox.entity';
import { EventType, ImrEvent } from './core/event-types';

export type DomainEvent =
  | { type: 'absence-added'; facilitatorId: string; from: string; to: string }
  | { type: 'absence-removed'; facilitatorId: string }
  | { type: 'facilitator-changed'; facilitatorId: string }
  /** Only what the rota's rules and the facilitator lists read changed (profession, training, weekly cap, availability): not their name, pool or status. */
  | { type: 'facilitator-rules-changed'; facilitatorId: string }
  /**
   * `assignmentsOnly`: only who runs the sessions changed (a plan, a hand assignment, a swap): their
   * times, status and modules, and the ward's groups, are as they were, so the planned windows stand.
   */
  | { type: 'sessions-changed'; wardId: string; sessionIds: string[]; facilitatorIds: string[]; assignmentsOnly?: boolean }
  | { type: 'ward-changed'; wardId: string }
  | { type: 'attendance-changed'; wardId: string; admissionIds: string[] };

export function toImrEvent(row: OutboxEventEntity): ImrEvent {
  return { id: row.id, type: row.type as EventType, occurredAt: row.occurredAt, wardId: row.wardId, data: row.data as ImrEvent['data'] };
}

/**
 * Two streams:
 * - `events$`: internal notifications after a committed write (cache invalidation, follow-up
 *   planning). Listeners must not throw; a failing listener never undoes the write that raised it.
 * - `published$`: the public events of the outbox (the same ones webhooks get), for a host app that
 *   imports ImrRotaModule: `moduleRef.get(DomainEvents, { strict: false }).published$.subscribe(...)`.
 *   It follows the outbox table while anyone is subscribed, so it sees every event committed from
 *   the moment of subscribing, by this instance or any other sharing the database, in commit order.
 *   It is live only: events committed while nobody listens are not replayed (webhooks are the
 *   durable, at-least-once channel).
 */
@Injectable()
export class DomainEvents {
  private readonly subject = new Subject<DomainEvent>();
  readonly events$ = this.subject.asObservable();
  readonly published$: Observable<ImrEvent>;

  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.published$ = new Observable<ImrEvent>((subscriber) => {
      let cursor: number | null = null;
      let busy = false;
      let stopped = false;
      const poll = async () => {
        if (busy || stopped || !this.db.dataSource.isInitialized) return;
        busy = true;
        try {
          if (cursor === null) cursor = await this.latestSeq();
          for (;;) {
            const rows = await this.db.repo(OutboxEventEntity).find({ where: { seq: MoreThan(cursor) }, order: { seq: 'ASC' }, take: 500 });
            for (const row of rows) {
              cursor = row.seq;
              if (!stopped) subscriber.next(toImrEvent(row));
            }
            if (rows.length < 500) break;
          }
        } catch {
          // The database is unreachable or closing: try again on the next poll.
        } finally {
          busy = false;
        }
      };
      void poll();
      const timer = setInterval(() => void poll(), this.config.events.pollMs);
      timer.unref();
      return () => {
        stopped = true;
        clearInterval(timer);
      };
    }).pipe(share());
  }

  emit(event: DomainEvent): void {
    this.subject.next(event);
  }

  private async latestSeq(): Promise<number> {
    const row = await this.db
      .repo(OutboxEventEntity)
      .createQueryBuilder('e')
      .select('MAX(e.seq)', 'max')
      .getRawOne<{ max: number | null }>();
    return Number(row?.max ?? 0);
  }
}
