/**
 * Real phrasings with provenance: `sources:` blocks in intents/train/*.yaml, topics of intents routed to none, and
 * held-out files grouped under their sources (split by source, never trained on). Bad files name file and field.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentError } from '../../src/content/contentError';
import { loadHeldOut, loadIntents } from '../../src/content/loadIntents';
import { CAUSE_ORDER, copyFixtures } from './helpers';

function contentError(fn: () => unknown): ContentError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ContentError) return err;
    throw err;
  }
  throw new Error('expected a ContentError');
}

const TOPICS = ['restore', 'icloud_sync'];
const SOURCE = 'https://example.org/forum/thread/1';

describe('training sources (provenance)', () => {
  let fixture: ReturnType<typeof copyFixtures>;
  beforeEach(() => {
    fixture = copyFixtures();
  });
  afterEach(() => fixture.cleanup());
  const file = (...parts: string[]): string => join(fixture.dir, ...parts);
  const addSources = (intent: string, yaml: string): void => appendFileSync(file('train', `${intent}.yaml`), yaml);

  it('trains on real phrasings and remembers the address of each', () => {
    addSources('storage_full', `sources:\n  - url: ${SOURCE}\n    title: A thread\n    utterances:\n      - "My iPhone says Not Enough Storage every night, 4.8 of 5 GB used"\n`);
    const data = loadIntents(fixture.dir, { causeOrder: CAUSE_ORDER });
    const storage = data.intents.find((i) => i.intent === 'storage_full')!;
    expect(storage.utterances).toContain('My iPhone says Not Enough Storage every night, 4.8 of 5 GB used');
    expect(storage.sources).toEqual([{ url: SOURCE, title: 'A thread', utterances: ['My iPhone says Not Enough Storage every night, 4.8 of 5 GB used'] }]);
    expect(data.sourceUrls.get(SOURCE)).toMatch(/storage_full\.yaml$/);
  });

  it('names the file and field of a source without an address', () => {
    addSources('storage_full', `sources:\n  - url: not-an-address\n    utterances: [icloud is full]\n`);
    const err = contentError(() => loadIntents(fixture.dir));
    expect(err.file).toMatch(/train[/\\]storage_full\.yaml$/);
    expect(err.field).toBe('sources[0].url');
    expect(err.problem).toMatch(/http/);
  });

  it('names a source with no utterances', () => {
    addSources('storage_full', `sources:\n  - url: ${SOURCE}\n    utterances: []\n`);
    const err = contentError(() => loadIntents(fixture.dir));
    expect(err.field).toBe('sources[0].utterances');
  });

  it('names a real utterance that already belongs to another intent', () => {
    addSources('greeting', `sources:\n  - url: ${SOURCE}\n    utterances: ["my icloud backup failed"]\n`);
    const err = contentError(() => loadIntents(fixture.dir));
    expect(err.file).toMatch(/greeting\.yaml$/);
    expect(err.field).toBe('sources[0].utterances[0]');
    expect(err.problem).toMatch(/backup_failed/);
  });

  it('accepts a near-domain intent routed to none with a known topic, and rejects an unknown topic or a topic on a cause', () => {
    const restore = 'intent: none_restore\nroute: none\ntopic: restore\nutterances: [how do i restore from icloud, restore stuck, restore failed on my new phone, get my backup onto the new phone, recover from an old backup]\n';
    writeFileSync(file('train', 'none_restore.yaml'), restore);
    expect(loadIntents(fixture.dir, { topics: TOPICS }).intents.find((i) => i.intent === 'none_restore')).toMatchObject({ route: 'none', topic: 'restore' });

    writeFileSync(file('train', 'none_restore.yaml'), restore.replace('topic: restore', 'topic: restoring'));
    const unknown = contentError(() => loadIntents(fixture.dir, { topics: TOPICS }));
    expect(unknown.file).toMatch(/none_restore\.yaml$/);
    expect(unknown.field).toBe('topic');
    expect(unknown.problem).toMatch(/restoring/);

    writeFileSync(file('train', 'none_restore.yaml'), restore.replace('route: none', 'route: storage_full'));
    expect(contentError(() => loadIntents(fixture.dir, { topics: TOPICS })).field).toBe('topic');
  });

  it('counts hand-written and real utterances together for the minimum', () => {
    writeFileSync(file('train', 'none_restore.yaml'), `intent: none_restore\nroute: none\ntopic: restore\nsources:\n  - url: ${SOURCE}\n    utterances: [a, b]\n`);
    const err = contentError(() => loadIntents(fixture.dir));
    expect(err.field).toBe('utterances');
    expect(err.problem).toMatch(/at least 5/);
  });
});

describe('held-out real-world sources', () => {
  let fixture: ReturnType<typeof copyFixtures>;
  beforeEach(() => {
    fixture = copyFixtures();
  });
  afterEach(() => fixture.cleanup());
  const realWorld = (yaml: string): void => writeFileSync(join(fixture.dir, 'test', 'real_world.yaml'), yaml);

  it('keeps the address of each held-out phrasing', () => {
    realWorld(`sources:\n  - url: ${SOURCE}\n    examples:\n      - { text: "Restoring my new iPad from iCloud stops at 10%", route: none, topic: restore }\n`);
    const data = loadIntents(fixture.dir, { causeOrder: CAUSE_ORDER });
    const { examples } = loadHeldOut(fixture.dir, data, { causeOrder: CAUSE_ORDER, topics: TOPICS });
    expect(examples.find((e) => e.source === SOURCE)).toMatchObject({ route: 'none', topic: 'restore', file: expect.stringMatching(/real_world\.yaml$/) });
  });

  it('rejects a held-out source that is also a training source (the split is by source)', () => {
    appendFileSync(join(fixture.dir, 'train', 'storage_full.yaml'), `sources:\n  - url: ${SOURCE}\n    utterances: ["icloud says not enough storage, 5 of 5 gb"]\n`);
    realWorld(`sources:\n  - url: ${SOURCE}\n    examples:\n      - { text: "backup keeps failing, icloud is full", route: storage_full }\n`);
    const data = loadIntents(fixture.dir, { causeOrder: CAUSE_ORDER });
    const err = contentError(() => loadHeldOut(fixture.dir, data, { causeOrder: CAUSE_ORDER }));
    expect(err.file).toMatch(/real_world\.yaml$/);
    expect(err.field).toBe('sources[0].url');
    expect(err.problem).toMatch(/training source/);
  });

  it('rejects a held-out real phrasing that is also a training utterance', () => {
    realWorld(`sources:\n  - url: ${SOURCE}\n    examples:\n      - { text: "Tell me a joke", route: none }\n`);
    const data = loadIntents(fixture.dir, { causeOrder: CAUSE_ORDER });
    const err = contentError(() => loadHeldOut(fixture.dir, data, { causeOrder: CAUSE_ORDER }));
    expect(err.field).toBe('sources[0].examples[0].text');
  });

  it('names a topic on an example that is not routed to none, and an unknown topic', () => {
    realWorld(`sources:\n  - url: ${SOURCE}\n    examples:\n      - { text: "restore stuck", route: storage_full, topic: restore }\n`);
    const data = loadIntents(fixture.dir, { causeOrder: CAUSE_ORDER });
    expect(contentError(() => loadHeldOut(fixture.dir, data, { topics: TOPICS })).field).toBe('sources[0].examples[0].topic');
    realWorld(`sources:\n  - url: ${SOURCE}\n    examples:\n      - { text: "restore stuck", route: none, topic: repairs }\n`);
    const err = contentError(() => loadHeldOut(fixture.dir, data, { topics: TOPICS }));
    expect(err.field).toBe('sources[0].examples[0].topic');
    expect(err.problem).toMatch(/repairs/);
  });
});
