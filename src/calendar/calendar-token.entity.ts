import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idColumn, instantColumn, refColumn } from '../database/columns';

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
}
