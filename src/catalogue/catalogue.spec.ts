import { readEditionFile, resolveEdition } from './catalogue';

describe('module catalogue', () => {
  const file = readEditionFile();

  it('ships the edition of domain.md as default with core 2, 4, 5 and 7', () => {
    const edition = resolveEdition(file, 'imr-norway', null);
    expect(edition.modules.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(edition.core).toEqual([2, 4, 5, 7]);
    expect(edition.modules.find((m) => m.number === 4)!.title).toBe('The Stress–Vulnerability Model');
    expect(edition.modules.filter((m) => m.core).map((m) => m.id)).toEqual([
      'mental-illness-facts',
      'stress-vulnerability',
      'coping-with-stress',
      'medication',
    ]);
  });

  it('keeps the same core content under the SAMHSA numbering', () => {
    const edition = resolveEdition(file, 'samhsa-toolkit', null);
    expect(edition.core).toEqual([2, 3, 5, 8]);
    expect(edition.modules.find((m) => m.number === 3)!.id).toBe('stress-vulnerability');
  });

  it('lets configuration replace the core set', () => {
    expect(resolveEdition(file, 'imr-norway', [1, 2, 4, 5, 7]).core).toEqual([1, 2, 4, 5, 7]);
  });

  it('names the variable when the configuration is wrong', () => {
    expect(() => resolveEdition(file, 'nope', null)).toThrow(/IMR_EDITION/);
    expect(() => resolveEdition(file, 'samhsa-toolkit', [11])).toThrow(/IMR_CORE_MODULES.*11/);
  });
});
