import { analyze, extractFeatures, Vectorizer, DEFAULT_FEATURE_OPTIONS } from '../../src/nlu/features';
import { normalizeText } from '../../src/text/normalize';
import { SpellCorrector } from '../../src/nlu/spell';
import { hasContentWords, stem, tokenize } from '../../src/text/tokenize';

describe('normalizeText', () => {
  it('straightens curly quotes and lower-cases', () => {
    expect(normalizeText('I DON’T have “space”')).toBe('i don\'t have "space"');
  });
  it('spells out apostrophe-less contractions', () => {
    expect(normalizeText('dont know, im sure it cant')).toBe("don't know, i'm sure it can't");
    expect(normalizeText('I cannot')).toBe("i can't");
  });
  it('folds Wi-Fi, iCloud and storage size variants', () => {
    expect(normalizeText('Wi-Fi and wi fi and WiFi')).toBe('wifi and wifi and wifi');
    expect(normalizeText('i cloud on my i-phone')).toBe('icloud on my iphone');
    expect(normalizeText('50GB free, I pay for 2TB')).toBe('50 gb free, i pay for 2 tb');
  });
});

describe('tokenize / stem', () => {
  it('keeps stop words and spells out negations', () => {
    expect(tokenize(normalizeText("I don't have space but it isn't full"))).toEqual(['i', 'do', 'not', 'have', 'space', 'but', 'it', 'is', 'not', 'full']);
    expect(tokenize("can't won't it's apple's i'm")).toEqual(['can', 'not', 'will', 'not', 'it', 'is', 'apple', 'i', 'am']);
  });
  it('stems with the Porter stemmer and maps numbers to 0', () => {
    expect(stem('failing')).toBe('fail');
    expect(stem('backups')).toBe('backup');
    expect(stem('2024')).toBe('0');
  });
  it('tells filler-only text from text that names something', () => {
    expect(hasContentWords("it's and , too")).toBe(false);
    expect(hasContentWords('in icloud and still no backup')).toBe(false);
    expect(hasContentWords('but it keeps asking for my password')).toBe(true);
  });
});

describe('features', () => {
  const options = { ...DEFAULT_FEATURE_OPTIONS, charNgrams: [3, 5] as [number, number] };
  it('extracts stemmed unigrams, bigrams with boundary markers and char n-grams inside words', () => {
    const f = extractFeatures(analyze('backup failing'), options);
    expect(f.get('w:backup')).toBe(1);
    expect(f.get('w:fail')).toBe(1);
    expect(f.get('b:^ backup')).toBe(1);
    expect(f.get('b:backup fail')).toBe(1);
    expect(f.get('b:fail $')).toBe(1);
    expect(f.get('c:<ba')).toBe(1);
    expect(f.get('c:<back')).toBe(1);
    expect(f.get('c:ing>')).toBe(1);
    // No n-gram crosses a word boundary.
    expect([...f.keys()].some((k) => k.startsWith('c:') && k.includes(' '))).toBe(false);
  });
  it('lets a typo share character n-grams with the right word', () => {
    const typo = extractFeatures(analyze('iclod'), options);
    const right = extractFeatures(analyze('icloud'), options);
    const shared = [...typo.keys()].filter((k) => k.startsWith('c:') && right.has(k));
    expect(shared).toEqual(expect.arrayContaining(['c:<ic', 'c:icl', 'c:clo', 'c:<icl']));
  });
  it('turns counts into per-group L2-normalised TF-IDF vectors and ignores unknown features', () => {
    const docs = [extractFeatures(analyze('backup failed'), options), extractFeatures(analyze('wifi dropped'), options)];
    const vectorizer = Vectorizer.fit(docs, 2);
    const x = vectorizer.transform(extractFeatures(analyze('backup failed zzz'), options));
    let words = 0;
    let chars = 0;
    x.idx.forEach((i, n) => {
      if (vectorizer.group[i] === 0) words += x.val[n]! ** 2;
      else chars += x.val[n]! ** 2;
    });
    expect(words).toBeCloseTo(1, 6);
    expect(chars).toBeCloseTo(4, 6); // charWeight 2 → squared norm 4
    expect([...x.idx].every((i) => i < vectorizer.size)).toBe(true);
  });
});

describe('SpellCorrector', () => {
  const speller = new SpellCorrector(new Map([['icloud', 10], ['backup', 12], ['storage', 5], ['cloud', 1], ['password', 4]]));
  it('corrects unknown words at distance 1 with the same first letter', () => {
    expect(speller.correct('iclod')).toBe('icloud');
    expect(speller.correct('bakup')).toBe('backup');
    expect(speller.correct('storgae')).toBe('storage');
    expect(speller.correct('pasword')).toBe('password');
  });
  it('leaves known, short, and far-off words alone', () => {
    expect(speller.correct('cloud')).toBe('cloud');
    expect(speller.correct('wify')).toBe('wify');
    expect(speller.correct('weather')).toBe('weather');
  });
  it('corrects typos in analyze()', () => {
    expect(analyze('my iclod bakup', speller).words).toEqual(['my', 'icloud', 'backup']);
  });
});
