import { Module } from '@nestjs/common';
import { FacilitatorsController } from './facilitators.controller';
import { FacilitatorsService } from './facilitators.service';

@Module({
  controllers: [FacilitatorsController],
  providers: [FacilitatorsService],
  exports: [FacilitatorsService],
})
export class FacilitatorsModule {}
