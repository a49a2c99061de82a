import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditWritesInterceptor } from './audit.interceptor';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditWritesInterceptor],
  exports: [AuditService, AuditWritesInterceptor],
})
export class AuditModule {}
