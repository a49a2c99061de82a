import { Global, Module } from '@nestjs/common';
import { RotaIntegrity } from '../common/rota-integrity';
import { ConflictsService } from './conflicts.service';
import { RotaRepository } from './rota.repository';

/**
 * The rota's rule checks for every feature (global, so sessions, groups, facilitators and wards can
 * report what a write broke without importing the rota module; it needs nothing from them).
 */
@Global()
@Module({
  providers: [RotaRepository, ConflictsService, { provide: RotaIntegrity, useExisting: ConflictsService }],
  exports: [RotaRepository, ConflictsService, RotaIntegrity],
})
export class RotaIntegrityModule {}
