import { join } from 'node:path';
import { loadIntents } from '../../src/content/loadIntents';
import { blockingCue, clauseStarts, maskPhrases, RuledOutDetector } from '../../src/nlu/ruledOut';
import { CAUSE_ORDER, FIXTURE_INTENTS, REPO_ROOT } from './helpers';

describe('ruled-out detection (fixture patterns)', () => {
  const data = loadIntents(FIXTURE_INTENTS, { causeOrder: CAUSE_ORDER });
  const detector = new RuledOutDetector(data.ruledOut, CAUSE_ORDER);

  it('is negation-aware', () => {
    expect(detector.explain("I don't have space")).toHaveLength(1); // the pattern matches, the negation blocks it
    expect(detector.detect('I have space')).toEqual(['storage_full']);
    expect(detector.detect("I don't have space")).toEqual([]);
    expect(detector.detect('I DON’T have enough space')).toEqual([]);
    expect(detector.detect('i dont have space')).toEqual([]);
    expect(detector.detect('I never have space')).toEqual([]);
  });

  it('is contrast-aware: a negation in another clause does not count', () => {
    expect(detector.detect('backup failed but I have space')).toEqual(['storage_full']);
    expect(detector.detect("it doesn't work, I have plenty of space")).toEqual(['storage_full']);
    expect(detector.detect("it won't back up even though I have space")).toEqual(['storage_full']);
    expect(detector.detect('no I have space')).toEqual(['storage_full']);
  });

  it('does not count yes/no questions and open questions', () => {
    expect(detector.detect('do I have enough space?')).toEqual([]);
    expect(detector.detect('is my wifi ok?')).toEqual([]);
    expect(detector.detect('not sure whether i have space')).toEqual([]);
  });

  it('finds several ruled-out causes, in the article order', () => {
    expect(detector.detect('my password is right, my wifi is fine and I have space')).toEqual(['storage_full', 'network_unstable', 'apple_id']);
  });

  it('honours negatable: false patterns that carry their own negation', () => {
    expect(detector.detect("I don't think it's my password")).toEqual(['apple_id']);
  });

  it('explains which cue blocked a match', () => {
    expect(detector.explain('I have space')).toEqual([expect.objectContaining({ cause: 'storage_full', match: 'have space' })]);
    expect(detector.explain('I have space')[0]!.blockedBy).toBeUndefined();
    expect(detector.explain('I never have space')[0]!.blockedBy).toBe('never');
  });

  it('masks the ruled-out phrases and what only served them', () => {
    expect(detector.analyze('plenty of storage but it keeps asking for my password').masked).toBe('plenty of storage but it keeps asking for my password');
    expect(detector.analyze('I have space but it keeps asking for my password').masked).toBe('it keeps asking for my password');
    expect(detector.analyze('backup failed, I have space').masked).toBe('backup failed');
    expect(detector.analyze('my wifi is fine').masked).toBe('');
    expect(detector.analyze("I don't have space").masked).toBe("I don't have space");
  });
});

describe('clauses and cues', () => {
  it('splits clauses at punctuation and contrast words', () => {
    const text = 'backup failed, i have space but wifi is fine because yes';
    const starts = clauseStarts(text).map((s) => text.slice(s).split(' ')[0]);
    expect(starts).toEqual(['backup', 'i', 'wifi', 'yes']);
  });
  it('does not split at an intensifying "so"', () => {
    const text = "i don't think my wifi is so slow";
    expect(blockingCue(text, clauseStarts(text), text.indexOf('slow'))).toBe("n't");
  });
  it('maskPhrases drops filler-only clause remainders and a dangling connective', () => {
    const text = "backup failed even though there's plenty of room on my ipad, it says verification failed";
    const start = text.indexOf('plenty');
    expect(maskPhrases(text, [{ start, end: start + 'plenty of room'.length }])).toBe('backup failed it says verification failed');
    const other = 'plenty of room but it keeps asking for my password';
    expect(maskPhrases(other, [{ start: 0, end: 'plenty of room'.length }])).toBe('it keeps asking for my password');
  });
});

describe('intents/ruled_out.yaml (real content)', () => {
  const data = loadIntents(join(REPO_ROOT, 'intents'), { causeOrder: CAUSE_ORDER });
  const detector = new RuledOutDetector(data.ruledOut, CAUSE_ORDER);
  const cases: Array<[string, string[]]> = [
    ['backup failed but I have space', ['storage_full']],
    ['storage isn’t the issue, I pay for 2TB', ['storage_full']],
    ['plenty of storage', ['storage_full']],
    ['50GB free', ['storage_full']],
    ['not a storage issue', ['storage_full']],
    ['icloud isnt full', ['storage_full']],
    ['my wifi is fine', ['network_unstable']],
    ['internet works', ['network_unstable']],
    ['connection is strong', ['network_unstable']],
    ['not a wifi problem', ['network_unstable']],
    ['my Wi-Fi is fine', ['network_unstable']],
    ["I'm on the latest iOS", ['ios_outdated']],
    ['im on the latest ios', ['ios_outdated']],
    ['already updated', ['ios_outdated']],
    ['software is up to date', ['ios_outdated']],
    ['my password is right', ['apple_id']],
    ['signed in fine', ['apple_id']],
    ["I'm definitely signed in with the right Apple ID", ['apple_id']],
    ["I don't use a VPN", ['network_settings']],
    ['backup failed, I have space and my wifi is fine', ['storage_full', 'network_unstable']],
    ['storage ok, internet ok, apple id ok', ['storage_full', 'network_unstable', 'apple_id']],
    // Negation flips it: these say the cause IS the problem.
    ["I don't have enough space", []],
    ['i dont have enough storage', []],
    ["my wifi isn't great", []],
    ['my internet is not stable at all', []],
    ["i'm not on the latest ios", []],
    ["my software isn't up to date", []],
    ["i don't think my apple id password is right anymore", []],
    ['there is not enough icloud storage', []],
    ['only 2 gb left', []],
    ['how do i get the latest ios', []],
    ['my iCloud storage is full', []],
  ];
  it.each(cases)('%s → %j', (text, expected) => {
    expect(detector.detect(text)).toEqual(expected);
  });
});
