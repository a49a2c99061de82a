import { Module } from '@nestjs/common';
import { AdmissionsModule } from '../admissions/admissions.module';
import { DischargeController } from './discharge.controller';
import { DischargeService } from './discharge.service';
import { InstallationNamespaceService } from './installation-namespace.service';
import { ReferralsController } from './referrals.controller';
import { ReferralsService } from './referrals.service';

@Module({
  imports: [AdmissionsModule],
  controllers: [DischargeController, ReferralsController],
  providers: [DischargeService, ReferralsService, InstallationNamespaceService],
  exports: [ReferralsService],
})
export class ReferralsModule {}
