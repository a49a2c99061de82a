import { BadRequestException, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { AuditEntity } from '../database/schema/audit.entity';
import { AuditService } from './audit.service';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Shorthand for targetType=referral&targetId=…' })
  @IsOptional()
  @IsUUID('all')
  referralId?: string;

  @ApiPropertyOptional({ example: 'referral' })
  @IsOptional()
  @Matches(/^[a-z][a-z-]{0,39}$/, { message: 'targetType must be a lowercase name such as referral' })
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all')
  targetId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2027-03-29T08:15:00.000Z', description: 'UTC instant' }) at: string;
  @ApiProperty({ nullable: true, description: 'The key that acted (null: the bootstrap admin key)' }) keyId: string | null;
  @ApiProperty() role: string;
  @ApiProperty({ example: 'referral.read' }) action: string;
  @ApiProperty({ example: 'referral' }) targetType: string;
  @ApiProperty({ nullable: true }) targetId: string | null;
  @ApiProperty({ nullable: true }) wardId: string | null;
}

function mapAuditEntry(e: AuditEntity): AuditEntryDto {
  return {
    id: e.id,
    at: e.at,
    keyId: e.keyId,
    role: e.role,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    wardId: e.wardId,
  };
}

@ApiController('api/audit', 'audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles()
  @ApiOkResponse({ type: [AuditEntryDto], description: 'Admins only; newest first. Holds key ids and targets, never patient data.' })
  async list(@Query() query: AuditQueryDto): Promise<AuditEntryDto[]> {
    if (
      query.referralId &&
      ((query.targetType && query.targetType !== 'referral') || (query.targetId && query.targetId !== query.referralId))
    ) {
      throw new BadRequestException('referralId cannot be combined with another targetType or targetId');
    }
    const filter = query.referralId
      ? { targetType: 'referral', targetId: query.referralId.toLowerCase(), limit: query.limit }
      : { targetType: query.targetType, targetId: query.targetId?.toLowerCase(), limit: query.limit };
    return (await this.audit.list(filter)).map(mapAuditEntry);
  }
}
