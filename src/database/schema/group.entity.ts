import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateColumn, idColumn, instantColumn, jsonColumn, refColumn } from './columns';

/** A recurring open-enrollment group. What may change over time lives in its versions. */
@Entity('groups')
export class GroupEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Index()
  @Column(refColumn)
  wardId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'integer' })
  capacity: number;

  @Column(dateColumn)
  startsOn: string;

  @Column({ ...dateColumn, nullable: true })
  endsOn: string | null;

  /** Ward-local dates with no session (public holidays). */
  @Column(jsonColumn)
  excludedDates: string[];

  @Column(instantColumn)
  createdAt: string;

  @Column(instantColumn)
  updatedAt: string;
}

/**
 * The group's schedule and curriculum from `effectiveFrom` until the next version.
 * Editing a group "from a date on" adds a version, so past sessions never change.
 */
@Entity('group_versions')
@Index(['groupId', 'effectiveFrom'], { unique: true })
export class GroupVersionEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Column(refColumn)
  groupId: string;

  @Column(dateColumn)
  effectiveFrom: string;

  @Column({ type: 'varchar', length: 500 })
  recurrence: string;

  @Column({ type: 'varchar', length: 5 })
  startTime: string;

  @Column({ type: 'integer' })
  durationMinutes: number;

  /** As given: "core", "full" or a list of module numbers. */
  @Column(jsonColumn)
  curriculumSpec: 'core' | 'full' | number[];

  /** Resolved module numbers in teaching order. */
  @Column(jsonColumn)
  curriculum: number[];

  @Column({ type: 'integer' })
  sessionsPerModule: number;

  @Column({ type: 'integer' })
  facilitatorsPerSession: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  room: string | null;

  @Column(instantColumn)
  createdAt: string;
}
