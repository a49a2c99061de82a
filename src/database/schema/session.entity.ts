import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateColumn, idColumn, instantColumn, refColumn } from './columns';

/**
 * One occurrence of a group, materialised on demand. The id is a UUIDv5 of (groupId, occurrenceDate),
 * so it is stable across reads, restarts and concurrent materialisation.
 */
@Entity('sessions')
@Index(['groupId', 'occurrenceDate'], { unique: true })
@Index(['wardId', 'startsAt'])
export class SessionEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Column(refColumn)
  groupId: string;

  @Column(refColumn)
  wardId: string;

  /** The ward-local day the recurrence produced; the session's stable key. */
  @Column(dateColumn)
  occurrenceDate: string;

  @Column(instantColumn)
  startsAt: string;

  @Column(instantColumn)
  endsAt: string;

  @Column({ type: 'integer' })
  moduleNumber: number;

  @Column({ type: 'integer' })
  modulePart: number;

  @Column({ type: 'integer' })
  moduleParts: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  room: string | null;

  @Column({ type: 'integer' })
  facilitatorsPerSession: number;

  @Column({ type: 'varchar', length: 12, default: 'scheduled' })
  status: 'scheduled' | 'cancelled';

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  /** Manually assigned: the planner leaves it alone. */
  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @Column({ type: 'boolean', default: false })
  published: boolean;

  /** iCalendar SEQUENCE: raised on every change of time, place, facilitators or status. */
  @Column({ type: 'integer', default: 0 })
  sequence: number;

  /** Last change of anything a calendar shows; becomes DTSTAMP/LAST-MODIFIED. */
  @Column(instantColumn)
  changedAt: string;
}
