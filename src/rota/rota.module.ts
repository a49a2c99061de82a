import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { ManualAssignmentService } from './manual-assignment.service';
import { RotaController, SessionAssignmentController } from './rota.controller';
import { RotaRepository } from './rota.repository';
import { RotaService } from './rota.service';

@Module({
  imports: [SessionsModule],
  controllers: [RotaController, SessionAssignmentController],
  providers: [RotaService, ManualAssignmentService, RotaRepository],
  exports: [RotaService, RotaRepository],
})
export class RotaModule {}
