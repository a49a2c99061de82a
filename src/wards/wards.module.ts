import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { WardsController } from './wards.controller';
import { WardsService } from './wards.service';

@Module({
  imports: [CatalogueModule],
  controllers: [WardsController],
  providers: [WardsService],
  exports: [WardsService],
})
export class WardsModule {}
