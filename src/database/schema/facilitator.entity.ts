import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateColumn, idColumn, instantColumn, jsonColumn, refColumn } from './columns';

export interface AvailabilityWindow {
  weekday: number;
  from: string;
  to: string;
}

@Entity('facilitators')
export class FacilitatorEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 40 })
  profession: string;

  /** Approved IMR facilitator; false means a trainee under supervision. */
  @Column({ type: 'boolean' })
  imrTrained: boolean;

  @Column({ type: 'integer', nullable: true })
  maxSessionsPerWeek: number | null;

  /** null: available any time. */
  @Column({ ...jsonColumn, nullable: true })
  availability: AvailabilityWindow[] | null;

  /** Deactivated facilitators keep their history but get no new sessions. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /**
   * The ward that manages the person: only keys covering it (or unscoped keys) change their attributes,
   * availability, absences, activity and calendar link. Other wards of the pool see what planning needs.
   * null only for rows from before home wards existed that had no ward (unscoped keys manage those).
   */
  @Column({ ...refColumn, nullable: true })
  homeWardId: string | null;

  @Column(instantColumn)
  createdAt: string;

  @Column(instantColumn)
  updatedAt: string;
}

/** The ward pools a facilitator belongs to. */
@Entity('facilitator_wards')
export class FacilitatorWardEntity {
  @PrimaryColumn(refColumn)
  facilitatorId: string;

  @Index()
  @PrimaryColumn(refColumn)
  wardId: string;
}

@Entity('absences')
@Index(['facilitatorId', 'fromDate'])
export class AbsenceEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Column(refColumn)
  facilitatorId: string;

  /** Inclusive ward-local dates. */
  @Column(dateColumn)
  fromDate: string;

  @Column(dateColumn)
  toDate: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reason: string | null;

  @Column(instantColumn)
  createdAt: string;
}
