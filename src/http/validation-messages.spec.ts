import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DischargeDto } from '../referrals/discharge.dto';
import { validationMessages } from './validation-messages';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

function messagesFor(body: object): string[] {
  return validationMessages(validateSync(plainToInstance(DischargeDto, body) as object, OPTIONS), OPTIONS);
}

describe('validation messages', () => {
  it('names a list given as an object once, by its field, without the nested error about the value itself', () => {
    expect(messagesFor({ dischargedOn: '2027-03-09', continueImr: false, recoveryGoals: { 0: 'not an array' } })).toEqual([
      'recoveryGoals must be an array',
    ]);
  });

  it('names an item of a list by its index', () => {
    expect(messagesFor({ dischargedOn: '2027-03-09', continueImr: false, recoveryGoals: [{ text: 'own words' }, { text: 7 }] })).toEqual([
      expect.stringMatching(/^recoveryGoals\[1\]\.text /),
    ]);
  });
});
