import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instantColumn } from './columns';

/** A board sign-in: the browser holds a random token, the table only its SHA-256. */
@Entity('web_sessions')
export class WebSessionEntity {
  /** SHA-256 (hex) of the cookie's token. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** SHA-256 of the key that signed in: the session has exactly that key's role and ward scope, and ends with it. */
  @Index()
  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  @Column(instantColumn)
  createdAt: string;

  @Column(instantColumn)
  lastSeenAt: string;

  /** The absolute end, however active the session is. */
  @Column(instantColumn)
  expiresAt: string;

  @Column({ ...instantColumn, nullable: true })
  endedAt: string | null;
}
