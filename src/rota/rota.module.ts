import { Module } from '@nestjs/common';
import { GroupsModule } from '../groups/groups.module';
import { CandidatesService } from './candidates.service';
import { ManualAssignmentService } from './manual-assignment.service';
import { RotaController, SessionAssignmentController } from './rota.controller';
import { RotaIntegrityModule } from './rota-integrity.module';
import { RotaService } from './rota.service';

@Module({
  imports: [GroupsModule, RotaIntegrityModule],
  controllers: [RotaController, SessionAssignmentController],
  providers: [RotaService, ManualAssignmentService, CandidatesService],
  exports: [RotaService],
})
export class RotaModule {}
