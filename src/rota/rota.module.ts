import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { CandidatesService } from './candidates.service';
import { ManualAssignmentService } from './manual-assignment.service';
import { RotaController, SessionAssignmentController } from './rota.controller';
import { RotaIntegrityModule } from './rota-integrity.module';
import { RotaService } from './rota.service';

@Module({
  imports: [SessionsModule, RotaIntegrityModule],
  controllers: [RotaController, SessionAssignmentController],
  providers: [RotaService, ManualAssignmentService, CandidatesService],
  exports: [RotaService],
})
export class RotaModule {}
