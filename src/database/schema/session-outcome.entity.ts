import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateColumn, idColumn, instantColumn, jsonColumn, refColumn } from './columns';

/**
 * What really happened at a session that has started: held or not (with the reason), who ran it and
 * which module it taught. One row per session, replaced by a new PUT; the session's planned module is
 * kept here, so a correction can always go back to it.
 */
@Entity('session_outcomes')
@Index(['wardId', 'occurrenceDate'])
@Index(['groupId', 'occurrenceDate'])
export class SessionOutcomeEntity {
  @PrimaryColumn(idColumn)
  sessionId: string;

  @Column(refColumn)
  wardId: string;

  @Column(refColumn)
  groupId: string;

  @Column(dateColumn)
  occurrenceDate: string;

  @Column({ type: 'boolean' })
  held: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** Who actually ran it, lead first; empty when not held. */
  @Column(jsonColumn)
  facilitatorIds: string[];

  /** The module part the schedule had for it when the outcome was first recorded. */
  @Column({ type: 'integer' })
  plannedModuleNumber: number;

  @Column({ type: 'integer' })
  plannedModulePart: number;

  @Column(instantColumn)
  recordedAt: string;

  @Column({ ...refColumn, nullable: true })
  recordedByKeyId: string | null;
}
