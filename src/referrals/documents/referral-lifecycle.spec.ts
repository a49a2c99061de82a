import { ConflictError, InvalidInputError } from '../../common/errors';
import { checkTransition, overdueCutoff } from './referral-lifecycle';

describe('checkTransition', () => {
  it('allows draft → sent → accepted and sent → declined with a reason', () => {
    expect(checkTransition({ status: 'draft', reason: null }, { status: 'sent' })).toBe('change');
    expect(checkTransition({ status: 'sent', reason: null }, { status: 'accepted' })).toBe('change');
    expect(checkTransition({ status: 'sent', reason: null }, { status: 'declined', reason: 'No group this spring' })).toBe('change');
  });

  it('needs a reason to decline, naming the field', () => {
    for (const reason of [undefined, null, '   ']) {
      expect(() => checkTransition({ status: 'sent', reason: null }, { status: 'declined', reason })).toThrow(InvalidInputError);
    }
    expect(() => checkTransition({ status: 'sent', reason: null }, { status: 'declined' })).toThrow(/^reason is required/);
  });

  it('refuses skipping and going back with a conflict that names the way forward', () => {
    expect(() => checkTransition({ status: 'draft', reason: null }, { status: 'accepted' })).toThrow(ConflictError);
    expect(() => checkTransition({ status: 'draft', reason: null }, { status: 'accepted' })).toThrow(
      'referral is draft; it can go to sent, not accepted',
    );
    expect(() => checkTransition({ status: 'accepted', reason: null }, { status: 'sent' })).toThrow(
      'referral is accepted; that is final, not sent',
    );
    expect(() => checkTransition({ status: 'declined', reason: 'x' }, { status: 'accepted' })).toThrow(ConflictError);
  });

  it('treats asking again for the current status as a no-op, but not a decline with another reason', () => {
    expect(checkTransition({ status: 'sent', reason: null }, { status: 'sent' })).toBe('unchanged');
    expect(checkTransition({ status: 'accepted', reason: null }, { status: 'accepted' })).toBe('unchanged');
    expect(checkTransition({ status: 'declined', reason: 'Full' }, { status: 'declined', reason: ' Full ' })).toBe('unchanged');
    expect(() => checkTransition({ status: 'declined', reason: 'Full' }, { status: 'declined', reason: 'Moved' })).toThrow(ConflictError);
  });
});

describe('overdueCutoff', () => {
  it('is N whole days before now, as a UTC instant', () => {
    expect(overdueCutoff(new Date('2027-03-29T08:00:00.000Z'), 7)).toBe('2027-03-22T08:00:00.000Z');
  });
});
