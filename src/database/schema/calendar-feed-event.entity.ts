import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instantColumn, refColumn } from './columns';

/**
 * What a facilitator's feed has shown for a session. A session that leaves the feed (reassigned,
 * unpublished, deleted) is then served as CANCELLED with a higher SEQUENCE instead of vanishing,
 * because calendar apps keep vanished events of a subscription as ghosts for a while.
 */
@Entity('calendar_feed_events')
@Index(['facilitatorId', 'startsAt'])
export class CalendarFeedEventEntity {
  @PrimaryColumn(refColumn)
  facilitatorId: string;

  @PrimaryColumn(refColumn)
  sessionId: string;

  /** shown: on the facilitator's rota; withdrawn: served as CANCELLED since it left the rota. */
  @Column({ type: 'varchar', length: 9 })
  state: 'shown' | 'withdrawn';

  /** SEQUENCE last served. */
  @Column({ type: 'integer' })
  sequence: number;

  /** Snapshot of the event as last shown, to cancel it even when the session row is gone. */
  @Column(instantColumn)
  startsAt: string;

  @Column(instantColumn)
  endsAt: string;

  @Column({ type: 'varchar', length: 500 })
  summary: string;

  @Column({ type: 'varchar', length: 500 })
  location: string;

  @Column(instantColumn)
  lastModified: string;
}
