import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instantColumn, jsonColumn, refColumn } from './columns';

/** A session as it was last published, so the next publish can answer what changed since. */
@Entity('session_publications')
export class SessionPublicationEntity {
  @PrimaryColumn(refColumn)
  sessionId: string;

  @Index()
  @Column(refColumn)
  wardId: string;

  @Column(instantColumn)
  publishedAt: string;

  @Column(instantColumn)
  startsAt: string;

  @Column(instantColumn)
  endsAt: string;

  @Column({ type: 'varchar', length: 12 })
  status: string;

  /** Lead first. */
  @Column(jsonColumn)
  facilitatorIds: string[];
}
