import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

export type DomainEvent =
  | { type: 'absence-added'; facilitatorId: string; from: string; to: string }
  | { type: 'facilitator-changed'; facilitatorId: string }
  | { type: 'sessions-changed'; wardId: string; sessionIds: string[]; facilitatorIds: string[] }
  | { type: 'ward-changed'; wardId: string };

/**
 * In-process notifications after a committed write (cache invalidation, follow-up planning).
 * Listeners must not throw; a failing listener never undoes the write that raised the event.
 */
@Injectable()
export class DomainEvents {
  private readonly subject = new Subject<DomainEvent>();
  readonly events$ = this.subject.asObservable();

  emit(event: DomainEvent): void {
    this.subject.next(event);
  }
}
