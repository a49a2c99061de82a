import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { AdmissionProgressService } from './admission-progress.service';
import { AdmissionsController, WardAdmissionsController } from './admissions.controller';
import { AdmissionsService } from './admissions.service';
import { AttendanceController } from './attendance.controller';
import { AttendanceService } from './attendance.service';
import { WardReportsService } from './ward-reports.service';

@Module({
  imports: [SessionsModule],
  controllers: [WardAdmissionsController, AdmissionsController, AttendanceController],
  providers: [AdmissionsService, AdmissionProgressService, AttendanceService, WardReportsService],
  exports: [AdmissionsService],
})
export class AdmissionsModule {}
