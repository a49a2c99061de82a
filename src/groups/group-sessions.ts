import type { WardEntity } from '../database/schema/ward.entity';

/**
 * What editing a group needs from the sessions feature. Sessions sit above groups (they materialise a
 * group's schedule from groups/schedule), so groups/ names its need here and never imports sessions/:
 * SessionsModule binds this to SessionsService, and the composer hands that module to GroupsModule.register.
 */
export abstract class GroupSessions {
  /** Refuses dates outside the span in which sessions exist, naming the field. */
  abstract checkRange(from: string, to: string, fromField?: string, toField?: string): void;

  /** Recomputes a group's materialised sessions from a date on (after an edit). */
  abstract refreshGroupFrom(ward: WardEntity, groupId: string, from: string): Promise<void>;
}
