import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { AuthContext, ROLES } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { InvalidInputError } from '../common/errors';
import { Language, LANGUAGES, parseLanguage } from '../common/i18n';
import { OptionalIdPipe } from '../http/pipes';
import { wardLanguage } from '../wards/wards.dto';
import { WardsService } from '../wards/wards.service';
import { editionName, localTitle } from './catalogue';
import { CatalogueService } from './catalogue.service';

export class ModuleDto {
  @ApiProperty({ example: 5 }) number: number;
  @ApiProperty({ example: 'Mestre stress', description: 'In the requested language (lang, else the ward’s, else English)' }) title: string;
  @ApiProperty({ enum: LANGUAGES, description: 'The language of title' }) language: Language;
  @ApiProperty({ example: 'Coping With Stress' }) titleEn: string;
  @ApiPropertyOptional({ nullable: true, description: 'Norwegian bokmål title' }) titleNb: string | null;
  @ApiProperty({ description: 'The bokmål title is provisional: no published source confirms it; a ward may override it' })
  titleNbUnconfirmed: boolean;
  @ApiProperty({ description: 'Part of the short-stay core set' }) core: boolean;
  @ApiProperty({ example: 'coping-with-stress', description: 'Stable id across editions' }) id: string;
  @ApiProperty({ example: 'imr-norway' }) edition: string;
  @ApiProperty({ description: 'The edition’s name in the requested language' }) editionName: string;
}

@ApiController('api/modules', 'modules')
export class CatalogueController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly wards: WardsService,
  ) {}

  @Get()
  @Roles(...ROLES)
  @ApiQuery({ name: 'edition', required: false, description: 'Another edition than the configured default (or the ward’s)' })
  @ApiQuery({ name: 'lang', required: false, enum: LANGUAGES, description: 'Language of the titles; default the ward’s, else en' })
  @ApiQuery({ name: 'wardId', required: false, description: 'The ward’s edition, core set, own titles and language' })
  @ApiOkResponse({ type: [ModuleDto] })
  async list(
    @CurrentAuth() auth: AuthContext,
    @Query('edition') edition?: string,
    @Query('lang') lang?: string,
    @Query('wardId', OptionalIdPipe) wardId?: string,
  ): Promise<ModuleDto[]> {
    if (edition !== undefined && !this.catalogue.editionIds().includes(edition)) {
      throw new InvalidInputError('edition', `must be one of ${this.catalogue.editionIds().join(', ')}`);
    }
    const requested = parseLanguage(lang);
    const ward = wardId ? await this.wards.requireWard(auth, wardId) : null;
    const language = requested ?? (ward ? wardLanguage(ward) : 'en');
    const resolved = ward
      ? this.catalogue.forWard(edition ? { ...ward, edition, coreModules: null } : ward)
      : edition
        ? this.catalogue.forWard({ edition, coreModules: null })
        : this.catalogue.defaultEdition;
    return resolved.modules.map((m) => ({
      number: m.number,
      title: localTitle(m, language),
      language,
      titleEn: m.title,
      titleNb: m.titleNb,
      titleNbUnconfirmed: m.titleNbUnconfirmed,
      core: m.core,
      id: m.id,
      edition: resolved.id,
      editionName: editionName(resolved, language),
    }));
  }
}
