import { Module } from '@nestjs/common';
import { AdmissionsModule } from '../admissions/admissions.module';
import { DischargeController } from './discharge.controller';
import { DischargeService } from './discharge.service';
import { ReferralsController } from './referrals.controller';
import { ReferralsService } from './referrals.service';

@Module({
  imports: [AdmissionsModule],
  controllers: [DischargeController, ReferralsController],
  providers: [DischargeService, ReferralsService],
  exports: [ReferralsService],
})
export class ReferralsModule {}
