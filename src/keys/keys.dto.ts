import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { Role, ROLES } from '../auth/auth-context';
import { ApiKeyEntity } from '../database/schema/api-key.entity';

export class CreateKeyDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ example: 'Ward 3 coordinator laptop' })
  @IsString()
  @Length(1, 200)
  label: string;

  @ApiPropertyOptional({ type: [String], description: 'Restrict the key to these wards (others answer 404)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  wardIds?: string[];

  @ApiPropertyOptional({ description: 'For a facilitator’s own key: lets it manage that facilitator’s calendar link' })
  @IsOptional()
  @IsUUID()
  facilitatorId?: string;
}

export class KeyDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() label: string;
  @ApiProperty({ type: [String], nullable: true }) wardIds: string[] | null;
  @ApiProperty({ nullable: true }) facilitatorId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true }) revokedAt: string | null;
}

export class CreatedKeyDto extends KeyDto {
  @ApiProperty({ description: 'The key itself. Shown only in this response; store it safely.' })
  key: string;
}

export function mapKey(entity: ApiKeyEntity): KeyDto {
  return {
    id: entity.id,
    role: entity.role as Role,
    label: entity.label,
    wardIds: entity.wardIds,
    facilitatorId: entity.facilitatorId,
    createdAt: entity.createdAt,
    revokedAt: entity.revokedAt,
  };
}
