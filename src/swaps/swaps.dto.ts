import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { SessionOfferEntity, SessionSwapEntity } from '../database/schema/swap.entity';

export class CreateOfferDto {
  @ApiPropertyOptional({
    description: 'Whose place is offered; a facilitator key offers its own (the default), a coordinator names the person',
  })
  @IsOptional()
  @IsUUID()
  facilitatorId?: string;
}

export class ClaimOfferDto {
  @ApiPropertyOptional({ description: 'Only for an admin key claiming on someone’s behalf; a facilitator key claims for itself' })
  @IsOptional()
  @IsUUID()
  facilitatorId?: string;
}

export class CreateSwapDto {
  @ApiProperty({ description: 'A session of yours' }) @IsUUID() sessionId: string;
  @ApiProperty({ description: 'The colleague’s session you would take instead' }) @IsUUID() withSessionId: string;
  @ApiPropertyOptional({ description: 'Which colleague on that session (default: the one in your role)' })
  @IsOptional()
  @IsUUID()
  withFacilitatorId?: string;
  @ApiPropertyOptional({ description: 'For a coordinator or admin proposing on someone’s behalf' })
  @IsOptional()
  @IsUUID()
  facilitatorId?: string;
}

export class SwapSettingsBodyDto {
  @ApiProperty({ description: 'true: claims and swaps wait for a coordinator’s approval' }) @IsBoolean() swapApproval: boolean;
}

export class SwapSettingsResponseDto {
  @ApiProperty() wardId: string;
  @ApiProperty() swapApproval: boolean;
}

export class OfferDto {
  @ApiProperty() id: string;
  @ApiProperty() sessionId: string;
  @ApiProperty() wardId: string;
  @ApiProperty({ description: 'Who gives the place away' }) facilitatorId: string;
  @ApiProperty({ enum: ['open', 'awaiting-approval', 'approved', 'declined', 'expired'] }) status: string;
  @ApiProperty({ nullable: true }) claimedBy: string | null;
  @ApiProperty() startsAt: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true }) claimedAt: string | null;
  @ApiProperty({ nullable: true }) decidedAt: string | null;
  @ApiProperty({ nullable: true, description: 'Why it was declined or expired' }) reason: string | null;
}

export class SwapDto {
  @ApiProperty() id: string;
  @ApiProperty() sessionId: string;
  @ApiProperty() facilitatorId: string;
  @ApiProperty() withSessionId: string;
  @ApiProperty() withFacilitatorId: string;
  @ApiProperty() wardId: string;
  @ApiProperty() withWardId: string;
  @ApiProperty({ enum: ['proposed', 'awaiting-approval', 'approved', 'declined', 'expired'] }) status: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true }) acceptedAt: string | null;
  @ApiProperty({ nullable: true }) decidedAt: string | null;
  @ApiProperty({ nullable: true }) reason: string | null;
}

export function mapOffer(o: SessionOfferEntity): OfferDto {
  return {
    id: o.id,
    sessionId: o.sessionId,
    wardId: o.wardId,
    facilitatorId: o.facilitatorId,
    status: o.status,
    claimedBy: o.claimedBy,
    startsAt: o.sessionStartsAt,
    createdAt: o.createdAt,
    claimedAt: o.claimedAt,
    decidedAt: o.decidedAt,
    reason: o.reason,
  };
}

export function mapSwap(s: SessionSwapEntity): SwapDto {
  return {
    id: s.id,
    sessionId: s.sessionId,
    facilitatorId: s.facilitatorId,
    withSessionId: s.withSessionId,
    withFacilitatorId: s.withFacilitatorId,
    wardId: s.wardId,
    withWardId: s.withWardId,
    status: s.status,
    createdAt: s.createdAt,
    acceptedAt: s.acceptedAt,
    decidedAt: s.decidedAt,
    reason: s.reason,
  };
}
