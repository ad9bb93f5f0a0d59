import { isQuestion } from '../../src/nlu/isQuestion';

describe('isQuestion', () => {
  it.each([
    'why is my iCloud storage full?',
    'why is my icloud storage full',
    "what's iCloud backup failed mean",
    'whats the gear icon',
    'how do I back up without icloud',
    'can I back up without iCloud',
    'could it be my wifi',
    'does resetting erase my phone',
    'do i need wifi',
    'is it safe',
    'will I lose my photos',
    'should I update',
    'so why does it keep failing',
    'hi, how does this work',
    'my backup failed?',
    'my backup failed ?  ',
  ])('%s → true', (text) => expect(isQuestion(text)).toBe(true));

  it.each([
    'my storage is full',
    "can't back up my iphone",
    'does not work',
    'will not back up',
    'backup failed',
    'I want to know why',
    '',
  ])('%s → false', (text) => expect(isQuestion(text)).toBe(false));
});
