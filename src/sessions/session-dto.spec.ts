import { readEditionFile, resolveEdition } from '../catalogue/catalogue';
import { GroupEntity } from '../database/schema/group.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { DtoInputs, sessionDtos, SessionTexts } from './session-dto';

const edition = resolveEdition(readEditionFile(), 'imr-norway', null);
const ward = (changes: Partial<WardEntity> = {}): WardEntity =>
  Object.assign(new WardEntity(), { id: 'w1', timezone: 'Europe/Oslo', updatedAt: '2026-12-01T08:00:00.000Z', ...changes });
const group = Object.assign(new GroupEntity(), { id: 'g1', wardId: 'w1', name: 'Tuesday group', capacity: 8 });
const session = (id: string, moduleNumber: number): SessionEntity =>
  Object.assign(new SessionEntity(), {
    id,
    groupId: 'g1',
    wardId: 'w1',
    occurrenceDate: '2026-12-08',
    startsAt: '2026-12-08T13:00:00.000Z',
    endsAt: '2026-12-08T14:00:00.000Z',
    moduleNumber,
    modulePart: 1,
    moduleParts: 2,
    room: null,
    facilitatorsPerSession: 2,
    status: 'scheduled',
    cancelReason: null,
    locked: false,
    published: true,
    sequence: 0,
  });
const inputs = (changes: Partial<DtoInputs> = {}): DtoInputs => ({
  ward: ward(),
  edition,
  language: 'en',
  groups: new Map([['g1', group]]),
  assignments: [{ sessionId: 's1', facilitatorId: 'f1', role: 'lead' }],
  names: new Map([['f1', 'Kari']]),
  outcomes: new Map(),
  conflicts: new Map(),
  ...changes,
});

describe('session texts remembered per session', () => {
  const rows = [session('s1', 4), session('s2', 5)];

  afterEach(() => jest.restoreAllMocks());

  it('shows exactly what the session list shows', () => {
    expect(JSON.parse(new SessionTexts().json(rows, inputs()))).toEqual(JSON.parse(JSON.stringify(sessionDtos(rows, inputs()))));
  });

  it('renders a session again only when what it shows changed, whatever copy of the ward row a request holds', () => {
    const texts = new SessionTexts();
    const first = texts.json(rows, inputs());
    const stringify = jest.spyOn(JSON, 'stringify');
    // Every request reads its own copy of the ward: the texts stand.
    expect(texts.json(rows, inputs({ ward: ward() }))).toBe(first);
    expect(stringify).not.toHaveBeenCalled();
    // A new name on s1 renders s1 alone.
    texts.json(rows, inputs({ names: new Map([['f1', 'Kari N.']]) }));
    expect(stringify).toHaveBeenCalledTimes(1);
  });

  it('follows a change of the ward’s time zone and language into every session', () => {
    const texts = new SessionTexts();
    texts.json(rows, inputs());
    const moved = JSON.parse(texts.json(rows, inputs({ ward: ward({ timezone: 'America/New_York' }) })));
    expect(moved.map((s: { startsAt: string }) => s.startsAt)).toEqual(['2026-12-08T08:00:00-05:00', '2026-12-08T08:00:00-05:00']);
    const norwegian = JSON.parse(texts.json(rows, inputs({ language: 'nb' })));
    expect(norwegian[0].module.title).toBe(edition.modules.find((m) => m.number === 4)!.titleNb);
    expect(norwegian[0].startsAt).toBe('2026-12-08T14:00:00+01:00');
  });
});
