import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idColumn, instantColumn, refColumn } from './columns';

/** A facilitator's calendar subscription. Only the token's SHA-256 is stored. */
@Entity('calendar_tokens')
export class CalendarTokenEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Index()
  @Column(refColumn)
  facilitatorId: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column(instantColumn)
  createdAt: string;

  @Column({ ...instantColumn, nullable: true })
  revokedAt: string | null;

  /** ETag of the body last served, so Last-Modified survives restarts and never moves backwards. */
  @Column({ type: 'varchar', length: 66, nullable: true })
  feedEtag: string | null;

  /** Last-Modified served with `feedEtag` (the feed's high-water mark). */
  @Column({ ...instantColumn, nullable: true })
  feedLastModified: string | null;
}
