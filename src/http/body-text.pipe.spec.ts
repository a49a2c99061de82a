import { BadRequestException } from '@nestjs/common';
import { BodyTextPipe, findBadText, findNulCharacter, MAX_BODY_DEPTH } from './body-text.pipe';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return { deep: value };
}

describe('findBadText', () => {
  it('names the first field holding U+0000, nested in objects and arrays', () => {
    expect(findNulCharacter({ name: 'Kari', recoveryGoals: [{ text: 'ok' }, { text: 'a\u0000b' }] })).toBe('recoveryGoals[1].text');
    expect(findNulCharacter('\u0000')).toBe('body');
    expect(findNulCharacter({ ['a\u0000']: 1 })).toBe('a\\0');
  });

  it('refuses bidirectional controls (issue 14: U+202E was stored) and names the code point', () => {
    for (const c of ['\u202E', '\u202A', '\u2066', '\u2069', '\u200F', '\u061C']) {
      expect(findBadText({ name: `Kari ${c}nordmann` })).toEqual({
        field: 'name',
        reason: expect.stringMatching(/bidirectional control characters \(U\+/),
      });
    }
    expect(findBadText({ ['x\u202E']: 'a' })?.field).toBe('x?');
  });

  it('refuses lone surrogates but not pairs', () => {
    expect(findBadText({ goals: ['ok', 'half \ud800 a pair'] })).toEqual({
      field: 'goals[1]',
      reason: 'must not contain lone surrogates (malformed UTF-16)',
    });
    expect(findBadText({ t: '\udc00' })?.field).toBe('t');
    expect(findBadText({ t: 'paired 👩‍⚕️ 😀' })).toBeNull();
  });

  it(`refuses nesting deeper than ${MAX_BODY_DEPTH} levels, naming the top field, at any depth without overflowing`, () => {
    expect(findBadText(nested(MAX_BODY_DEPTH - 1))).toBeNull();
    expect(findBadText(nested(MAX_BODY_DEPTH))).toEqual({
      field: 'deep',
      reason: `must not be nested deeper than ${MAX_BODY_DEPTH} levels`,
    });
    const huge = JSON.parse('{"x":' + '['.repeat(20_000) + ']'.repeat(20_000) + '}');
    expect(findBadText(huge)?.field).toBe('x');
  });

  it('passes ordinary text, however odd', () => {
    expect(findBadText({ name: 'Åse Ødegård 👩‍⚕️ \u200b', n: 0, b: false, x: null, deep: [[[{}]]] })).toBeNull();
  });
});

describe('BodyTextPipe', () => {
  const pipe = new BodyTextPipe();

  it('refuses a bad body as a 400 naming the field', () => {
    expect(() => pipe.transform({ reason: 'x\u0000' }, { type: 'body' })).toThrow(
      new BadRequestException('reason must not contain NUL characters'),
    );
  });

  it('leaves path and query parameters to their own pipes', () => {
    expect(pipe.transform('a\u0000', { type: 'query' })).toBe('a\u0000');
  });
});
