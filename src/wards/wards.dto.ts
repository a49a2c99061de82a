import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Length, Matches, Max, Min, Validate } from 'class-validator';
import { IanaZone, IsOmittedOrValid } from '../http/validators';
import { WardEntity } from '../database/schema/ward.entity';

export class CreateWardDto {
  @ApiProperty({ example: 'POST3', description: 'Unique short code' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, { message: 'code must be 1–40 letters, digits, - or _' })
  code: string;

  @ApiProperty({ example: 'Post 3, Gaustad' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Europe/Oslo', default: 'Europe/Oslo', description: 'IANA time zone' })
  @IsOptional()
  @Validate(IanaZone)
  timezone?: string;

  @ApiPropertyOptional({ example: 'imr-norway', description: 'Module edition; default from configuration' })
  @IsOptional()
  @IsString()
  edition?: string;

  @ApiPropertyOptional({ type: [Number], example: [2, 4, 5, 7], description: 'Short-stay core modules' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(99, { each: true })
  coreModules?: number[];

  @ApiPropertyOptional({ description: 'Contact person named on referrals' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  contactPerson?: string;

  @ApiPropertyOptional({ description: 'Reply address named on referrals' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  replyAddress?: string;
}


export class UpdateWardDto {
  @ApiPropertyOptional() @IsOmittedOrValid() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsOmittedOrValid() @Validate(IanaZone) timezone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() edition?: string;
  @ApiPropertyOptional({ type: [Number] })
  @IsOmittedOrValid()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(99, { each: true })
  coreModules?: number[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) contactPerson?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) replyAddress?: string;
}

export class WardDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'Europe/Oslo' }) timezone: string;
  @ApiProperty() edition: string;
  @ApiProperty({ type: [Number] }) coreModules: number[];
  @ApiProperty({ nullable: true }) contactPerson: string | null;
  @ApiProperty({ nullable: true }) replyAddress: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional({ type: [String], description: 'On writes: the sessions this write broke (see rota conflicts)' }) affectedSessions?: string[];
}

export function mapWard(ward: WardEntity, edition: { id: string; core: number[] }): WardDto {
  return {
    id: ward.id,
    code: ward.code,
    name: ward.name,
    timezone: ward.timezone,
    edition: edition.id,
    coreModules: edition.core,
    contactPerson: ward.contactPerson,
    replyAddress: ward.replyAddress,
    createdAt: ward.createdAt,
    updatedAt: ward.updatedAt,
  };
}
