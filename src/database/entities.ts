import { AdmissionEntity, AttendanceEntity } from '../admissions/admission.entity';
import { AuditEntity } from '../audit/audit.entity';
import { CalendarFeedEventEntity } from '../calendar/calendar-feed-event.entity';
import { CalendarTokenEntity } from '../calendar/calendar-token.entity';
import { AbsenceEntity, FacilitatorEntity, FacilitatorWardEntity } from '../facilitators/facilitator.entity';
import { GroupEntity, GroupVersionEntity } from '../groups/group.entity';
import { JobRunEntity } from '../jobs/job-run.entity';
import { ApiKeyEntity } from '../keys/api-key.entity';
import { ReferralEntity, ReferralEventEntity } from '../referrals/referral.entity';
import { AssignmentHistoryEntity, SessionAssignmentEntity } from '../rota/assignment.entity';
import { SessionEntity } from '../sessions/session.entity';
import { WardEntity } from '../wards/ward.entity';

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
  SessionAssignmentEntity,
  AssignmentHistoryEntity,
  JobRunEntity,
  AdmissionEntity,
  AttendanceEntity,
  ReferralEntity,
  ReferralEventEntity,
  CalendarTokenEntity,
  CalendarFeedEventEntity,
];
