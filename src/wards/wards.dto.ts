import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  Validate,
} from 'class-validator';
import { defaultLanguageForZone, isLanguage, Language, LANGUAGES } from '../common/i18n';
import { REGISTER_NUMBER } from '../common/norwegian-identifiers';
import { IanaZone, IsOmittedOrValid, OrganizationNumber } from '../http/validators';
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

  @ApiPropertyOptional({
    enum: LANGUAGES,
    description: 'Language of module titles, letters and calendars; default nb for Norway’s time zones, en otherwise',
  })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: Language | null;

  @ApiPropertyOptional({
    example: { 'health-care-system': 'Få hjelp til dine behov i helsetjenesten' },
    description: 'The ward’s own bokmål module titles by stable module id, over the edition’s',
  })
  @IsOptional()
  @IsObject()
  moduleTitlesNb?: Record<string, string> | null;

  @ApiPropertyOptional({ example: '974760673', description: 'Organisation number (Enhetsregisteret), nine digits, modulus 11' })
  @IsOptional()
  @Validate(OrganizationNumber)
  organizationNumber?: string | null;

  @ApiPropertyOptional({ example: '4001031', description: 'RESH id' })
  @IsOptional()
  @Matches(REGISTER_NUMBER, { message: 'reshId must be a number of at most nine digits' })
  reshId?: string | null;
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

  @ApiPropertyOptional({
    enum: LANGUAGES,
    description: 'Language of module titles, letters and calendars; default nb for Norway’s time zones, en otherwise',
  })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: Language | null;

  @ApiPropertyOptional({
    example: { 'health-care-system': 'Få hjelp til dine behov i helsetjenesten' },
    description: 'The ward’s own bokmål module titles by stable module id, over the edition’s',
  })
  @IsOptional()
  @IsObject()
  moduleTitlesNb?: Record<string, string> | null;

  @ApiPropertyOptional({ example: '974760673', description: 'Organisation number (Enhetsregisteret), nine digits, modulus 11' })
  @IsOptional()
  @Validate(OrganizationNumber)
  organizationNumber?: string | null;

  @ApiPropertyOptional({ example: '4001031', description: 'RESH id' })
  @IsOptional()
  @Matches(REGISTER_NUMBER, { message: 'reshId must be a number of at most nine digits' })
  reshId?: string | null;

  @ApiPropertyOptional({ description: 'true: offers claimed and swaps accepted wait for a coordinator’s approval' })
  @IsOmittedOrValid()
  @IsBoolean()
  swapApproval?: boolean;
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
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({ description: 'The ward’s own bokmål module titles, by module id' }) moduleTitlesNb: Record<string, string>;
  @ApiProperty({ nullable: true }) organizationNumber: string | null;
  @ApiProperty({ nullable: true }) reshId: string | null;
  @ApiProperty({ description: 'Claims and swaps wait for a coordinator' }) swapApproval: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional({ type: [String], description: 'On writes: the sessions this write broke (see rota conflicts)' })
  affectedSessions?: string[];
}

export function mapWard(ward: WardEntity, edition: { id: string; core: number[] }, swapApproval = false): WardDto {
  return {
    id: ward.id,
    code: ward.code,
    name: ward.name,
    timezone: ward.timezone,
    edition: edition.id,
    coreModules: edition.core,
    contactPerson: ward.contactPerson,
    replyAddress: ward.replyAddress,
    language: wardLanguage(ward),
    moduleTitlesNb: ward.moduleTitlesNb ?? {},
    organizationNumber: ward.organizationNumber,
    reshId: ward.reshId,
    swapApproval,
    createdAt: ward.createdAt,
    updatedAt: ward.updatedAt,
  };
}

/** The ward's language: its own setting, or by its time zone. */
export function wardLanguage(ward: Pick<WardEntity, 'language' | 'timezone'>): Language {
  return isLanguage(ward.language) ? ward.language : defaultLanguageForZone(ward.timezone);
}
