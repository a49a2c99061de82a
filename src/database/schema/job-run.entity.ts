import { Column, Entity, PrimaryColumn } from 'typeorm';
import { instantColumn } from './columns';

/**
 * One row per job tick. The primary key makes "claim this tick" an insert that exactly one
 * instance wins, on SQLite and on PostgreSQL alike.
 */
@Entity('job_runs')
export class JobRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  job: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  tick: string;

  @Column({ type: 'varchar', length: 80 })
  instance: string;

  @Column(instantColumn)
  startedAt: string;

  @Column({ ...instantColumn, nullable: true })
  finishedAt: string | null;

  @Column({ type: 'varchar', length: 20, default: 'running' })
  outcome: string;
}
