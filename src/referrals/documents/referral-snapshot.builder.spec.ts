import { InvalidInputError } from '../../common/errors';
import {
  buildReferralSnapshot,
  canonical,
  DischargeRequestInput,
  dischargeDifferences,
  handoffOf,
  normaliseDischarge,
  SnapshotEdition,
  SnapshotInput,
} from './referral-snapshot.builder';

const TITLES = [
  'Recovery Strategies',
  'Practical Facts About Mental Illness',
  'Practical Facts About Substance Use Disorders',
  'The Stress–Vulnerability Model',
  'Coping With Stress',
  'Building Social Support',
  'Using Medications Effectively',
  'Coping With Problems and Symptoms',
  'Healthy Lifestyles',
  'Developing a Plan for Staying Well',
  'Getting Your Needs Met in the Health Care System',
];
const CORE = [2, 4, 5, 7];
const edition: SnapshotEdition = {
  id: 'imr-norway',
  name: 'IMR, Norwegian order',
  modules: TITLES.map((title, i) => ({ number: i + 1, title, titleNb: null, core: CORE.includes(i + 1) })).reverse(),
  core: [7, 5, 4, 2],
};

const request: DischargeRequestInput = {
  dischargedOn: '2027-03-29',
  continueImr: true,
  receivingService: { kind: 'district-psychiatric-centre', name: '  Nordre Fjordby DPS ', contact: ' ' },
  recoveryGoals: ['  Sove bedre ', { text: 'Tilbake på jobb', progress: 'Møte avtalt i april' }],
  whatHelps: ['Gåturer', '  '],
  strengths: [],
  socialSituation: { housing: 'Egen leilighet', finances: '' },
  preferences: { format: 'group', language: ' ', timeOfDay: 'Formiddag' },
  consent: { sharingConsented: true },
};

function input(overrides: Partial<SnapshotInput> = {}): SnapshotInput {
  return {
    referralId: 'r-1',
    createdAt: '2027-03-29T08:15:00.000Z',
    admission: { id: 'a-1', patientRef: 'A3-0142', admittedOn: '2027-02-08', stay: 'short' },
    dischargedOn: '2027-03-29',
    ward: { id: 'w-1', code: 'A3', name: 'Sengepost A3', timezone: 'Europe/Oslo', contactPerson: 'Kari', replyAddress: 'Postboks 1' },
    edition,
    progress: {
      completed: [
        { number: 5, completedOn: '2027-03-24' },
        { number: 2, completedOn: '2027-02-24' },
        { number: 1, completedOn: '2027-02-12' },
      ],
      attendance: { sessionsAttended: 9, firstOn: '2027-02-10', lastOn: '2027-03-26' },
    },
    handoff: normaliseDischarge(request).handoff!,
    ...overrides,
  };
}

describe('normaliseDischarge', () => {
  it('trims text, turns plain-string goals into goals, drops blanks and fills consent defaults', () => {
    expect(normaliseDischarge(request)).toEqual({
      dischargedOn: '2027-03-29',
      continueImr: true,
      handoff: {
        receivingService: { kind: 'district-psychiatric-centre', name: 'Nordre Fjordby DPS' },
        recoveryGoals: [
          { text: 'Sove bedre', progress: null },
          { text: 'Tilbake på jobb', progress: 'Møte avtalt i april' },
        ],
        whatHelps: ['Gåturer'],
        socialSituation: { housing: 'Egen leilighet' },
        preferences: { format: 'group', timeOfDay: 'Formiddag' },
        consent: { sharingConsented: true, patientGetsCopy: false },
      },
    });
  });

  it('hands nothing over when the person does not continue IMR, whatever else was sent', () => {
    const result = normaliseDischarge({ ...request, continueImr: false });
    expect(result).toEqual({ dischargedOn: '2027-03-29', continueImr: false, handoff: null });
  });

  it('requires a receiving service when continuing, naming the field', () => {
    const attempt = () => normaliseDischarge({ dischargedOn: '2027-03-29', continueImr: true });
    expect(attempt).toThrow(InvalidInputError);
    expect(attempt).toThrow(/^receivingService is required when continueImr is true$/);
    expect(() => normaliseDischarge({ ...request, receivingService: { kind: 'municipal-service', name: '   ' } })).toThrow(
      /receivingService.name must not be blank/,
    );
  });

  it('names a blank goal by its position', () => {
    expect(() => normaliseDischarge({ ...request, recoveryGoals: ['ok', { text: ' ' }] })).toThrow(/recoveryGoals\[1\]\.text/);
  });
});

describe('buildReferralSnapshot', () => {
  it('takes modules done with their dates, what remains of the whole program, and the core still ahead', () => {
    const snapshot = buildReferralSnapshot(input());
    expect(snapshot.completedModules).toEqual([
      { number: 1, completedOn: '2027-02-12' },
      { number: 2, completedOn: '2027-02-24' },
      { number: 5, completedOn: '2027-03-24' },
    ]);
    expect(snapshot.remainingModules).toEqual([3, 4, 6, 7, 8, 9, 10, 11]);
    expect(snapshot.coreModulesMissing).toEqual([4, 7]);
    expect(snapshot.modules.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(snapshot.modules[3]).toEqual({ number: 4, title: 'The Stress–Vulnerability Model', core: true });
    expect(snapshot.edition).toEqual({ id: 'imr-norway', name: 'IMR, Norwegian order' });
  });

  it('copies the ward, the person, the handoff and the attendance summary', () => {
    const snapshot = buildReferralSnapshot(input());
    expect(snapshot).toMatchObject({
      referralId: 'r-1',
      admissionId: 'a-1',
      patientRef: 'A3-0142',
      createdAt: '2027-03-29T08:15:00.000Z',
      stay: 'short',
      admittedOn: '2027-02-08',
      dischargedOn: '2027-03-29',
      ward: { code: 'A3', contactPerson: 'Kari', replyAddress: 'Postboks 1' },
      receivingService: { kind: 'district-psychiatric-centre', name: 'Nordre Fjordby DPS' },
      attendance: { sessionsAttended: 9, firstOn: '2027-02-10', lastOn: '2027-03-26' },
      recoveryGoals: [
        { text: 'Sove bedre', progress: null },
        { text: 'Tilbake på jobb', progress: 'Møte avtalt i april' },
      ],
      whatHelps: ['Gåturer'],
      consent: { sharingConsented: true, patientGetsCopy: false },
    });
    expect('strengths' in snapshot).toBe(false);
    expect('planForStayingWell' in snapshot).toBe(false);
  });

  it('keeps the earliest completion when a module was completed twice, and ignores modules outside the edition', () => {
    const snapshot = buildReferralSnapshot(
      input({
        progress: {
          completed: [
            { number: 4, completedOn: '2027-03-20' },
            { number: 4, completedOn: '2027-03-01' },
            { number: 12, completedOn: '2027-03-02' },
          ],
          attendance: { sessionsAttended: 4, firstOn: '2027-02-20', lastOn: '2027-03-20' },
        },
      }),
    );
    expect(snapshot.completedModules).toEqual([{ number: 4, completedOn: '2027-03-01' }]);
    expect(snapshot.coreModulesMissing).toEqual([2, 5, 7]);
    expect(snapshot.remainingModules).toHaveLength(10);
  });

  it('with nothing completed, everything remains and the whole core set is ahead', () => {
    const snapshot = buildReferralSnapshot(
      input({ progress: { completed: [], attendance: { sessionsAttended: 0, firstOn: null, lastOn: null } } }),
    );
    expect(snapshot.completedModules).toEqual([]);
    expect(snapshot.remainingModules).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(snapshot.coreModulesMissing).toEqual([2, 4, 5, 7]);
  });

  it('is a copy: changing the inputs afterwards does not change the snapshot', () => {
    const given = input();
    const snapshot = buildReferralSnapshot(given);
    const before = canonical(snapshot);
    given.ward.name = 'Renamed';
    given.progress.attendance.sessionsAttended = 99;
    given.handoff.consent.patientGetsCopy = true;
    expect(canonical(snapshot)).toBe(before);
  });

  it('survives a JSON round trip unchanged (it is stored as JSON)', () => {
    const snapshot = buildReferralSnapshot(input());
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });
});

describe('repeated discharges', () => {
  const recordedOf = (req: DischargeRequestInput) => {
    const n = normaliseDischarge(req);
    if (!n.handoff) return n;
    const stored = JSON.parse(JSON.stringify(buildReferralSnapshot(input({ handoff: n.handoff }))));
    return { ...n, handoff: handoffOf(stored) };
  };

  it('finds no difference for the same request, even with other spacing and key order', () => {
    const again: DischargeRequestInput = {
      consent: { patientGetsCopy: false, sharingConsented: true },
      preferences: { timeOfDay: 'Formiddag ', format: 'group' },
      socialSituation: { housing: 'Egen leilighet' },
      recoveryGoals: [{ text: 'Sove bedre' }, { progress: 'Møte avtalt i april', text: 'Tilbake på jobb' }],
      receivingService: { name: 'Nordre Fjordby DPS', kind: 'district-psychiatric-centre' },
      whatHelps: ['Gåturer'],
      continueImr: true,
      dischargedOn: '2027-03-29',
    };
    expect(dischargeDifferences(recordedOf(request), normaliseDischarge(again))).toEqual([]);
  });

  it('names each field that differs', () => {
    const other = normaliseDischarge({
      ...request,
      dischargedOn: '2027-03-30',
      receivingService: { kind: 'municipal-service', name: 'Fjordby kommune' },
      strengths: ['Flink med hendene'],
    });
    expect(dischargeDifferences(recordedOf(request), other)).toEqual(['dischargedOn', 'receivingService', 'strengths']);
  });

  it('tells continuing from not continuing', () => {
    const stopped = recordedOf({ ...request, continueImr: false });
    expect(dischargeDifferences(stopped, normaliseDischarge(request))).toEqual(['continueImr']);
    expect(dischargeDifferences(stopped, normaliseDischarge({ ...request, continueImr: false, strengths: ['x'] }))).toEqual([]);
  });
});

describe('canonical', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonical({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonical(undefined)).toBe('null');
  });
});
