import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { FidelityController } from './fidelity.controller';
import { FidelityService } from './fidelity.service';

@Module({
  imports: [SessionsModule],
  controllers: [FidelityController],
  providers: [FidelityService],
})
export class FidelityModule {}
