import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { ROLES } from '../auth/auth-context';
import { Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { InvalidInputError } from '../common/errors';
import { CatalogueService } from './catalogue.service';

export class ModuleDto {
  @ApiProperty({ example: 5 }) number: number;
  @ApiProperty({ example: 'Coping With Stress' }) title: string;
  @ApiPropertyOptional({ nullable: true, description: 'Norwegian bokmål title, only where the wording is settled' })
  titleNb: string | null;
  @ApiProperty({ description: 'Part of the short-stay core set' }) core: boolean;
  @ApiProperty({ example: 'coping-with-stress', description: 'Stable id across editions' }) id: string;
  @ApiProperty({ example: 'imr-norway' }) edition: string;
}

@ApiController('api/modules', 'modules')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  @Roles(...ROLES)
  @ApiQuery({ name: 'edition', required: false, description: 'Another edition than the configured default' })
  @ApiOkResponse({ type: [ModuleDto] })
  list(@Query('edition') edition?: string): ModuleDto[] {
    if (edition !== undefined && !this.catalogue.editionIds().includes(edition)) {
      throw new InvalidInputError('edition', `must be one of ${this.catalogue.editionIds().join(', ')}`);
    }
    const resolved = edition ? this.catalogue.forWard({ edition, coreModules: null }) : this.catalogue.defaultEdition;
    return resolved.modules.map((m) => ({
      number: m.number,
      title: m.title,
      titleNb: m.titleNb,
      core: m.core,
      id: m.id,
      edition: resolved.id,
    }));
  }
}
