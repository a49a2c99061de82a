import { AdmissionEntity, AttendanceEntity } from './admission.entity';
import { AuditEntity } from './audit.entity';
import { CalendarFeedEventEntity } from './calendar-feed-event.entity';
import { CalendarTokenEntity } from './calendar-token.entity';
import { AbsenceEntity, FacilitatorEntity, FacilitatorWardEntity } from './facilitator.entity';
import { GroupEntity, GroupVersionEntity } from './group.entity';
import { InstallationSettingEntity } from './installation.entity';
import { JobRunEntity } from './job-run.entity';
import { ApiKeyEntity } from './api-key.entity';
import { ReferralEditEntity, ReferralEntity, ReferralEventEntity } from './referral.entity';
import { AssignmentHistoryEntity, SessionAssignmentEntity } from './assignment.entity';
import { SessionEntity } from './session.entity';
import { SessionOutcomeEntity } from './session-outcome.entity';
import { SessionPublicationEntity } from './session-publication.entity';
import { WardEntity } from './ward.entity';
import { JobLeaseEntity, OutboxEventEntity, WebhookDeliveryEntity, WebhookEntity } from './outbox.entity';
import { SessionOfferEntity, SessionSwapEntity, WardSwapSettingsEntity } from './swap.entity';
import { WebSessionEntity } from './web-session.entity';

/** Every entity of the service; the app, the tests and the migration CLI all use this list. */
export const ENTITIES = [
  ApiKeyEntity,
  AuditEntity,
  WardEntity,
  FacilitatorEntity,
  FacilitatorWardEntity,
  AbsenceEntity,
  GroupEntity,
  GroupVersionEntity,
  SessionEntity,
  SessionOutcomeEntity,
  SessionAssignmentEntity,
  AssignmentHistoryEntity,
  SessionPublicationEntity,
  JobRunEntity,
  AdmissionEntity,
  AttendanceEntity,
  ReferralEntity,
  ReferralEventEntity,
  ReferralEditEntity,
  CalendarTokenEntity,
  CalendarFeedEventEntity,
  OutboxEventEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  JobLeaseEntity,
  SessionOfferEntity,
  SessionSwapEntity,
  WardSwapSettingsEntity,
  InstallationSettingEntity,
  WebSessionEntity,
];
