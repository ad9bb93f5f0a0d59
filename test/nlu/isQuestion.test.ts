import { isQuestion, questionKind } from '../../src/nlu/isQuestion';

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

describe('a subject-less auxiliary is a statement, not a question (issue 23)', () => {
  it.each([
    'is working now thank you',
    'is workin now thx',
    'is working now, thank you',
    'ok is working now 👍',
    'is fine now',
    'was successful, thanks',
    'is all good now',
    'did work this time',
    'did go through',
    'is backing up now',
    'is finally working',
    'has worked, thank you',
    'is done now thank u',
    'is still failing',
    // The imperative "do it": its object follows "do" (a question would be "does it").
    'do it',
    'ok do it',
    'just do it now',
    'pls do that',
  ])('%s → none', (text) => {
    expect(questionKind(text)).toBe('none');
    expect(isQuestion(text)).toBe(false);
  });

  // A subject after the auxiliary, a gerund subject with more after it, or a "?" keeps the question.
  it.each([
    'is it working now',
    'did it work',
    'is working?',
    'is storage ok now',
    'is everything ok now',
    'is everything in the backup',
    'is updating safe',
    'is deleting old backups ok',
    'does resetting erase my phone',
    'is checking the connection safe',
    'is backing up to a computer just as good',
    'are deleted photos gone forever',
    'do it again tomorrow?',
    'do i need to plug it in',
    'does it delete my photos',
  ])('%s → asks', (text) => expect(questionKind(text)).toBe('asks'));

  it('a later subject-less clause is no question tag: "yes, is working now"', () => {
    expect(questionKind('yes, is working now')).toBe('none');
    expect(questionKind('yes, is it backing up every night')).toBe('tag');
  });
});

describe('an exclamation or an auxiliary followed by an adverb is a statement (issue 23, dev replies read as questions)', () => {
  it.each([
    ['still fails, what a joke', 'none'],
    ['what an awful update', 'none'],
    ['nope. did exactly what you said and it failed', 'none'],
    ['is literally stuck at 2 minutes remaining', 'none'],
    ['did literaly everything, same erorr', 'none'],
  ])('%s → %s', (text, kind) => expect(questionKind(text)).toBe(kind));

  // The subject right after the auxiliary keeps the question, an adverb after the subject too; "family" is a noun.
  it.each(['what about my photos', 'is family sharing on', 'does it really work', 'did you actually mean storage', 'no, what a backup includes?'])(
    '%s still asks',
    (text) => expect(questionKind(text)).not.toBe('none'),
  );
});
