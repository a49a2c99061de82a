import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idColumn, instantColumn, refColumn } from './columns';

export type OfferStatus = 'open' | 'awaiting-approval' | 'approved' | 'declined' | 'expired' | 'withdrawn';
export type SwapStatus = 'proposed' | 'awaiting-approval' | 'approved' | 'declined' | 'expired';

/** A facilitator offers their place on a session; a colleague claims it. */
@Entity('session_offers')
@Index(['wardId', 'status'])
@Index(['sessionId', 'status'])
export class SessionOfferEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Column(refColumn)
  sessionId: string;

  @Column(refColumn)
  wardId: string;

  /** Who gives the place away. */
  @Column(refColumn)
  facilitatorId: string;

  @Column({ type: 'varchar', length: 20 })
  status: OfferStatus;

  @Column({ ...refColumn, nullable: true })
  claimedBy: string | null;

  /** The session's SEQUENCE when offered: any later change of the session expires the offer. */
  @Column({ type: 'integer' })
  sessionSequence: number;

  @Column(instantColumn)
  sessionStartsAt: string;

  @Column({ ...refColumn, nullable: true })
  createdByKeyId: string | null;

  @Column(instantColumn)
  createdAt: string;

  @Column({ ...instantColumn, nullable: true })
  claimedAt: string | null;

  @Column({ ...instantColumn, nullable: true })
  decidedAt: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  reason: string | null;
}

/** A facilitator proposes to exchange one of their sessions with a colleague's. */
@Entity('session_swaps')
@Index(['status'])
export class SessionSwapEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Column(refColumn)
  sessionId: string;

  @Column(refColumn)
  wardId: string;

  @Column(refColumn)
  facilitatorId: string;

  @Column({ type: 'integer' })
  sessionSequence: number;

  @Column(refColumn)
  withSessionId: string;

  @Column(refColumn)
  withWardId: string;

  @Column(refColumn)
  withFacilitatorId: string;

  @Column({ type: 'integer' })
  withSessionSequence: number;

  @Column({ type: 'varchar', length: 20 })
  status: SwapStatus;

  @Column({ ...refColumn, nullable: true })
  createdByKeyId: string | null;

  @Column(instantColumn)
  createdAt: string;

  @Column({ ...instantColumn, nullable: true })
  acceptedAt: string | null;

  @Column({ ...instantColumn, nullable: true })
  decidedAt: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  reason: string | null;
}

/** Per-ward setting, kept beside the ward: `true` makes claims and swaps wait for a coordinator. */
@Entity('ward_swap_settings')
export class WardSwapSettingsEntity {
  @PrimaryColumn(refColumn)
  wardId: string;

  @Column({ type: 'boolean', default: false })
  swapApproval: boolean;

  @Column(instantColumn)
  updatedAt: string;
}
