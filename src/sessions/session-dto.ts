/** A stored session as the API shows it, and the JSON of a list of them remembered per session. */
import { moduleTitle } from '../catalogue/catalogue';
import { SessionConflict } from '../common/rota-integrity';
import { toWardInstant } from '../common/time';
import { SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { GroupEntity } from '../database/schema/group.entity';
import { SessionOutcomeEntity } from '../database/schema/session-outcome.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { mapOutcome, statusWithOutcome } from './session-outcomes';
import { SessionDto } from './sessions.dto';

type Assigned = Pick<SessionAssignmentEntity, 'sessionId' | 'facilitatorId' | 'role'>;

/** What a list of one ward's sessions is shown from. */
export interface DtoInputs {
  ward: WardEntity;
  edition: Parameters<typeof moduleTitle>[0];
  language: Parameters<typeof moduleTitle>[2];
  groups: ReadonlyMap<string, GroupEntity>;
  assignments: readonly Assigned[];
  names: ReadonlyMap<string, string>;
  outcomes: ReadonlyMap<string, SessionOutcomeEntity>;
  conflicts: ReadonlyMap<string, SessionConflict[]>;
}

type Shown = { id: string; name: string; role: Assigned['role'] };

/** Each session's people, lead first then by id, with their names. */
function peopleOf(inputs: DtoInputs): Map<string, Shown[]> {
  const bySession = new Map<string, Assigned[]>();
  for (const a of inputs.assignments) {
    const list = bySession.get(a.sessionId);
    if (list) list.push(a);
    else bySession.set(a.sessionId, [a]);
  }
  const out = new Map<string, Shown[]>();
  for (const [id, list] of bySession) {
    out.set(
      id,
      list
        .sort((a, b) => (a.role === b.role ? (a.facilitatorId < b.facilitatorId ? -1 : 1) : a.role === 'lead' ? -1 : 1))
        .map((a) => ({ id: a.facilitatorId, name: inputs.names.get(a.facilitatorId) ?? '', role: a.role })),
    );
  }
  return out;
}

const sameShown = (a: readonly Shown[], b: readonly Shown[]): boolean =>
  a.length === b.length && a.every((x, i) => x.id === b[i].id && x.name === b[i].name && x.role === b[i].role);

function dtoOf(
  row: SessionEntity,
  inputs: DtoInputs,
  facilitators: Shown[],
  title = moduleTitle(inputs.edition, row.moduleNumber, inputs.language),
): SessionDto {
  const { ward, groups, outcomes, conflicts } = inputs;
  const group = groups.get(row.groupId)!;
  return {
    id: row.id,
    groupId: row.groupId,
    groupName: group.name,
    wardId: row.wardId,
    date: row.occurrenceDate,
    startsAt: toWardInstant(row.startsAt, ward.timezone),
    endsAt: toWardInstant(row.endsAt, ward.timezone),
    module: { number: row.moduleNumber, title },
    part: row.modulePart,
    parts: row.moduleParts,
    room: row.room,
    capacity: group.capacity,
    facilitatorsPerSession: row.facilitatorsPerSession,
    facilitators,
    status: statusWithOutcome(row, outcomes.get(row.id)),
    cancelReason: row.cancelReason,
    locked: row.locked,
    published: row.published,
    sequence: row.sequence,
    outcome: mapOutcome(row, outcomes.get(row.id), ward.timezone),
    conflicts: conflicts.get(row.id) ?? [],
  };
}

export function sessionDtos(rows: readonly SessionEntity[], inputs: DtoInputs): SessionDto[] {
  const people = peopleOf(inputs);
  return rows.map((row) => dtoOf(row, inputs, people.get(row.id) ?? []));
}

/**
 * JSON.stringify(sessionDtos(rows, inputs)), each session's text remembered with the row object it
 * came from (a ward's cached listing) and kept while everything else it shows is the same: what it
 * shows of the ward (its time zone, the module's title in the ward's edition and language), the
 * group, outcome, people with their names, and conflicts (the same list from the conflict check).
 * A write to one person then renders again only the sessions they are on. (The ward is compared by
 * what the text shows of it: every request has its own copy of the ward row.)
 */
export class SessionTexts {
  private readonly texts = new WeakMap<SessionEntity, Rendered>();

  json(rows: readonly SessionEntity[], inputs: DtoInputs): string {
    const people = peopleOf(inputs);
    const parts: string[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const facilitators = people.get(row.id) ?? [];
      const group = inputs.groups.get(row.groupId);
      const outcome = inputs.outcomes.get(row.id);
      const conflicts = inputs.conflicts.get(row.id) ?? null;
      const title = moduleTitle(inputs.edition, row.moduleNumber, inputs.language);
      const kept = this.texts.get(row);
      if (
        kept &&
        kept.timezone === inputs.ward.timezone &&
        kept.title === title &&
        kept.group === group &&
        kept.outcome === outcome &&
        kept.conflicts === conflicts &&
        sameShown(kept.facilitators, facilitators)
      ) {
        parts[i] = kept.json;
        continue;
      }
      const json = JSON.stringify(dtoOf(row, inputs, facilitators, title));
      this.texts.set(row, { timezone: inputs.ward.timezone, title, group, outcome, conflicts, facilitators, json });
      parts[i] = json;
    }
    return `[${parts.join(',')}]`;
  }
}

/** A session's text with everything it was made from beside its row (compared by identity, people by value). */
interface Rendered {
  timezone: string;
  title: string;
  group: GroupEntity | undefined;
  outcome: SessionOutcomeEntity | undefined;
  conflicts: SessionConflict[] | null;
  facilitators: readonly Shown[];
  json: string;
}
