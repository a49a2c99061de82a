import { Module } from '@nestjs/common';
import { GroupsModule } from '../groups/groups.module';
import { FidelityController } from './fidelity.controller';
import { FidelityService } from './fidelity.service';

@Module({
  imports: [GroupsModule],
  controllers: [FidelityController],
  providers: [FidelityService],
})
export class FidelityModule {}
