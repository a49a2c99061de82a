import { BadRequestException } from '@nestjs/common';
import { findNulCharacter, NoNulCharactersPipe } from './no-nul.pipe';

describe('findNulCharacter', () => {
  it('names the first field holding U+0000, nested in objects and arrays', () => {
    expect(findNulCharacter({ name: 'Kari', recoveryGoals: [{ text: 'ok' }, { text: 'a\u0000b' }] })).toBe('recoveryGoals[1].text');
    expect(findNulCharacter('\u0000')).toBe('body');
    expect(findNulCharacter({ ['a\u0000']: 1 })).toBe('a\\0');
  });

  it('passes text without it, however odd', () => {
    expect(findNulCharacter({ name: '\ud800 \u202e 👩‍⚕️ \u200b', n: 0, b: false, x: null, deep: [[[{}]]] })).toBeNull();
  });
});

describe('NoNulCharactersPipe', () => {
  const pipe = new NoNulCharactersPipe();

  it('refuses a body with U+0000 as a 400 naming the field', () => {
    expect(() => pipe.transform({ reason: 'x\u0000' }, { type: 'body' })).toThrow(new BadRequestException('reason must not contain NUL characters'));
  });

  it('leaves path and query parameters to their own pipes', () => {
    expect(pipe.transform('a\u0000', { type: 'query' })).toBe('a\u0000');
  });
});
