import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentError } from '../../src/content/contentError';
import { loadHeldOut, loadIntents, trainingHash } from '../../src/content/loadIntents';
import { CAUSE_ORDER, copyFixtures, FIXTURE_INTENTS } from './helpers';

/** Runs `fn` and returns the ContentError it throws. */
function contentError(fn: () => unknown): ContentError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ContentError) return err;
    throw err;
  }
  throw new Error('expected a ContentError');
}

describe('loadIntents', () => {
  let fixture: ReturnType<typeof copyFixtures>;
  beforeEach(() => {
    fixture = copyFixtures();
  });
  afterEach(() => fixture.cleanup());
  const file = (...parts: string[]): string => join(fixture.dir, ...parts);

  it('loads intents, routes, compiled ruled-out rules and a hash', () => {
    const data = loadIntents(FIXTURE_INTENTS, { causeOrder: CAUSE_ORDER });
    expect(data.intents.map((i) => i.intent)).toEqual(['apple_id', 'backup_failed', 'deny', 'greeting', 'network_unstable', 'none', 'storage_full']);
    expect(data.intents.find((i) => i.intent === 'greeting')!.route).toBe('greeting');
    expect(data.ruledOut.filter((r) => r.cause === 'apple_id').map((r) => r.negatable)).toEqual([true, false]);
    expect(data.trainingHash).toMatch(/^[0-9a-f]{64}$/);
    expect(data.warnings.some((w) => w.includes('ios_outdated'))).toBe(true); // causes without an intent
  });

  it('hashes the training data stably and notices any change', () => {
    const before = trainingHash(fixture.dir);
    expect(trainingHash(fixture.dir)).toBe(before);
    appendFileSync(file('train', 'greeting.yaml'), '  - howdy\n');
    expect(trainingHash(fixture.dir)).not.toBe(before);
  });

  it('reports invalid YAML with the file and line', () => {
    writeFileSync(file('train', 'greeting.yaml'), 'intent: greeting\nutterances: [hi, "hello\n');
    const err = contentError(() => loadIntents(fixture.dir));
    expect(err.file).toMatch(/train[/\\]greeting\.yaml$/);
    expect(err.message).toMatch(/not valid YAML/);
  });

  it('names a missing field', () => {
    writeFileSync(file('train', 'greeting.yaml'), 'intent: greeting\n');
    const err = contentError(() => loadIntents(fixture.dir));
    expect(err.file).toMatch(/greeting\.yaml$/);
    expect(err.field).toBe('utterances');
  });

  it('requires the file name to equal the intent', () => {
    writeFileSync(file('train', 'greeting.yaml'), readFileSync(file('train', 'greeting.yaml'), 'utf8').replace('intent: greeting', 'intent: hello'));
    const err = contentError(() => loadIntents(fixture.dir));
    expect(err.field).toBe('intent');
    expect(err.message).toMatch(/greeting\.yaml/);
  });

  it('rejects an utterance that belongs to two intents, naming both places', () => {
    appendFileSync(file('train', 'greeting.yaml'), '  - My iCloud backup failed!\n');
    const err = contentError(() => loadIntents(fixture.dir));
    expect(err.file).toMatch(/greeting\.yaml$/);
    expect(err.field).toBe('utterances[5]');
    expect(err.problem).toMatch(/backup_failed/);
  });

  it('only warns about an utterance repeated inside one intent (punctuation variants are fine)', () => {
    appendFileSync(file('train', 'greeting.yaml'), '  - Hello!\n  - HELLO\n');
    const warnings = loadIntents(fixture.dir).warnings;
    expect(warnings.some((w) => w.includes('utterances[5]'))).toBe(false);
    expect(warnings.some((w) => w.includes('utterances[6]'))).toBe(true);
  });

  it('names a bad regular expression', () => {
    appendFileSync(file('ruled_out.yaml'), "  software_glitch:\n    - pattern: '(unclosed'\n");
    writeFileSync(
      file('train', 'software_glitch.yaml'),
      'intent: software_glitch\nutterances: [it is a bug, glitchy backup, backup frozen, stuck forever, weird error]\n',
    );
    const err = contentError(() => loadIntents(fixture.dir, { causeOrder: CAUSE_ORDER }));
    expect(err.file).toMatch(/ruled_out\.yaml$/);
    expect(err.field).toBe('ruledOut.software_glitch[0].pattern');
    expect(err.problem).toMatch(/\(unclosed/);
  });

  it('requires ruled-out keys to be causes', () => {
    appendFileSync(file('ruled_out.yaml'), "  greeting:\n    - pattern: 'hello'\n");
    const err = contentError(() => loadIntents(fixture.dir, { causeOrder: CAUSE_ORDER }));
    expect(err.field).toBe('ruledOut.greeting');
  });

  it('rejects a directory without intent files', () => {
    rmSync(file('train'), { recursive: true });
    expect(contentError(() => loadIntents(fixture.dir)).problem).toMatch(/no intent files/);
  });
});

describe('loadHeldOut', () => {
  let fixture: ReturnType<typeof copyFixtures>;
  beforeEach(() => {
    fixture = copyFixtures();
  });
  afterEach(() => fixture.cleanup());

  it('loads the held-out examples', () => {
    const data = loadIntents(fixture.dir, { causeOrder: CAUSE_ORDER });
    const { examples } = loadHeldOut(fixture.dir, data, { causeOrder: CAUSE_ORDER });
    expect(examples).toHaveLength(5);
    expect(examples[2]).toMatchObject({ route: 'network_unstable', ruledOut: ['storage_full'] });
  });

  it('requires held-out routes to exist', () => {
    appendFileSync(join(fixture.dir, 'test', 'heldout.yaml'), '  - { text: take me back, route: go_back }\n');
    const data = loadIntents(fixture.dir, { causeOrder: CAUSE_ORDER });
    const err = contentError(() => loadHeldOut(fixture.dir, data, { causeOrder: CAUSE_ORDER }));
    expect(err.field).toBe('examples[5].route');
    expect(err.problem).toMatch(/go_back/);
  });

  it('warns about a held-out text that is also a training utterance', () => {
    appendFileSync(join(fixture.dir, 'test', 'heldout.yaml'), '  - { text: "Tell me a joke", route: none }\n');
    const data = loadIntents(fixture.dir, { causeOrder: CAUSE_ORDER });
    expect(loadHeldOut(fixture.dir, data, { causeOrder: CAUSE_ORDER }).warnings).toHaveLength(1);
  });
});
