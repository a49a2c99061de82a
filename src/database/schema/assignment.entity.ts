import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idColumn, instantColumn, jsonColumn, refColumn } from './columns';

/** A facilitator on a session. Times are copied from the session so overlap checks need no join. */
@Entity('session_assignments')
@Index(['facilitatorId', 'startsAt'])
export class SessionAssignmentEntity {
  @PrimaryColumn(refColumn)
  sessionId: string;

  @PrimaryColumn(refColumn)
  facilitatorId: string;

  @Column({ type: 'varchar', length: 4 })
  role: 'lead' | 'co';

  @Index()
  @Column(refColumn)
  wardId: string;

  @Column(instantColumn)
  startsAt: string;

  @Column(instantColumn)
  endsAt: string;

  @Column(instantColumn)
  assignedAt: string;
}

/** Who changed which session's facilitators, and when. Append-only. */
@Entity('assignment_history')
@Index(['wardId', 'at'])
export class AssignmentHistoryEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Index()
  @Column(refColumn)
  sessionId: string;

  @Column(refColumn)
  wardId: string;

  @Column(instantColumn)
  at: string;

  @Column({ ...refColumn, nullable: true })
  keyId: string | null;

  /** plan, repair, manual, unlock, cancel, … */
  @Column({ type: 'varchar', length: 20 })
  action: string;

  @Column(jsonColumn)
  before: { facilitatorId: string; role: string }[];

  @Column(jsonColumn)
  after: { facilitatorId: string; role: string }[];

  /** Why, when a fact forced the change ("Kari is absent 5–18 March"); null for plain planning and manual edits. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;
}
