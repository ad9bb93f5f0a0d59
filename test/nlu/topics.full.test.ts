/**
 * Near-domain topics: messages the bot must not troubleshoot (restore, sync, another app's backup, …) stay route
 * none with a `topic`; dialogs/topics.yaml says where to go; the bot answers with it and offers a person.
 */
import { MemoryStorage } from 'botbuilder';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBot } from '../../src/bots/createBot';
import { ContentError } from '../../src/content/contentError';
import { loadTopics } from '../../src/content/loadTopics';
import { toJsonLine } from '../../src/nlu/classifyStream';
import { collapseNone } from '../../src/nlu/recognizer';
import type { NluResult, Recognizer } from '../../src/nlu/types';
import { DEFAULT_OPTIONS, knowledge, TestConversation } from '../helpers/botHarness';
import { REPO_ROOT } from './helpers';

const topics = loadTopics(join(REPO_ROOT, 'dialogs'));

describe('dialogs/topics.yaml', () => {
  it('has one answer per topic the classifier knows, each naming where to go', () => {
    expect(topics.topics.map((t) => t.id).sort()).toEqual(
      ['android', 'billing', 'computer_backup', 'device_repair', 'find_my_keychain', 'icloud_sync', 'icloud_web', 'other_app_backup', 'restore'],
    );
    for (const t of topics.topics) expect(t.answer).toMatch(/support\.apple\.com|apple\.com|support\.google\.com|faq\.whatsapp\.com|Genius Bar/);
    expect(topics.topic('restore')!.answer).toMatch(/Restore your iPhone/);
    expect(topics.topic('billing')!.answer).toMatch(/reportaproblem\.apple\.com/);
  });

  describe('validation', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'topics-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const error = (yaml: string): ContentError => {
      writeFileSync(join(dir, 'topics.yaml'), yaml);
      try {
        loadTopics(dir);
      } catch (err) {
        if (err instanceof ContentError) return err;
        throw err;
      }
      throw new Error('expected a ContentError');
    };
    const valid = 'topics:\n  - { id: restore, name: restoring, answer: See support.apple.com. }\notherLanguage: English only.\nofferPerson: Want a person?\n';

    it('loads a valid file', () => {
      writeFileSync(join(dir, 'topics.yaml'), valid);
      expect(loadTopics(dir).topic('restore')!.name).toBe('restoring');
    });
    it('names the field of an empty answer', () => {
      const err = error(valid.replace('answer: See support.apple.com.', "answer: ''"));
      expect(err.file).toMatch(/topics\.yaml$/);
      expect(err.field).toBe('topics[0].answer');
    });
    it('names a duplicate id', () => {
      const err = error(valid.replace('otherLanguage', '  - { id: restore, name: again, answer: Again. }\notherLanguage'));
      expect(err.field).toBe('topics[1].id');
      expect(err.problem).toMatch(/twice/);
    });
    it('names a missing otherLanguage and a placeholder', () => {
      expect(error(valid.replace('otherLanguage: English only.\n', '')).field).toBe('otherLanguage');
      expect(error(valid.replace('Want a person?', 'Want {agent}?')).field).toBe('offerPerson');
    });
  });
});

describe('topic detection (trained model)', () => {
  let recognizer: Recognizer;
  beforeAll(async () => {
    recognizer = (await knowledge()).recognizer;
  });

  it.each([
    ['the restore from icloud stopped at half and now my phone is empty', 'restore'],
    ['icloud photos stopped syncing to my macbook', 'icloud_sync'],
    ['whatsapp chat backup won\'t finish on my iphone', 'other_app_backup'],
    ['i can\'t log in on icloud.com from my laptop', 'icloud_web'],
    ['find my says no location found for my iphone', 'find_my_keychain'],
    ['apple billed me twice for the 200gb plan', 'billing'],
  ])('"%s" → none, topic %s', (text, topic) => {
    const r = recognizer.recognize(text);
    expect(r.route).toBe('none');
    expect(r.intent).toBe('none');
    expect(r.topic).toBe(topic);
  });

  it('gives no topic to a failed iCloud backup', () => {
    const r = recognizer.recognize('my icloud backup failed last night');
    expect(r.route).not.toBe('none');
    expect(r.topic).toBeUndefined();
  });

  it('keeps a long message that never mentions a backup out of scope', () => {
    const r = recognizer.recognize(
      'So far, every time I have restarted my Mac I get an iCloud password prompt right after logging in, and if I enter my password it prompts me again and again.',
    );
    expect(r.route).toBe('none');
  });
});

describe('collapseNone', () => {
  const routes = new Map([
    ['none', 'none'],
    ['none_restore', 'none'],
    ['storage_full', 'storage_full'],
  ]);
  const topicsOf = new Map([['none_restore', 'restore']]);

  it('sums every intent routed to none and names the best one\'s topic', () => {
    const { ranking, topic } = collapseNone(
      [
        { intent: 'storage_full', confidence: 0.4 },
        { intent: 'none_restore', confidence: 0.35 },
        { intent: 'none', confidence: 0.25 },
      ],
      routes,
      topicsOf,
    );
    expect(ranking).toEqual([
      { intent: 'none', confidence: 0.6 },
      { intent: 'storage_full', confidence: 0.4 },
    ]);
    expect(topic).toBe('restore');
  });

  it('has no topic when plain none leads', () => {
    const { topic } = collapseNone([{ intent: 'none', confidence: 0.6 }, { intent: 'none_restore', confidence: 0.4 }], routes, topicsOf);
    expect(topic).toBeUndefined();
  });
});

describe('classify output', () => {
  const base: NluResult = { text: 'x', intent: 'none', confidence: 0.91234, route: 'none', ruledOut: [], alternatives: [] };
  it('adds topic and language only when present, existing fields unchanged', () => {
    expect(JSON.parse(toJsonLine(base))).toEqual({ text: 'x', intent: 'none', confidence: 0.9123, route: 'none', ruledOut: [], alternatives: [] });
    expect(JSON.parse(toJsonLine({ ...base, topic: 'other_language', language: 'spa' }))).toMatchObject({ route: 'none', topic: 'other_language', language: 'spa' });
  });
});

describe('the bot redirects a known topic', () => {
  const stub = (result: Partial<NluResult>): Recognizer => ({
    recognize: (text) => ({ text, intent: 'none', confidence: 0.95, route: 'none', ruledOut: [], alternatives: [], ...result }),
  });
  const conversation = async (recognizer?: Recognizer): Promise<TestConversation> => {
    const k = await knowledge();
    const storage = new MemoryStorage();
    const services = createBot({ content: k.content, recognizer: recognizer ?? k.recognizer, storage, options: { ...DEFAULT_OPTIONS, topics } });
    return new TestConversation(services, storage);
  };

  it('answers a restore question with where to go and the offer of a person, never a walk', async () => {
    const c = await conversation();
    const reply = await c.ask('my restore from icloud got stuck halfway on my new iphone');
    expect(reply).toContain(topics.topic('restore')!.answer);
    expect(reply).toContain(topics.offerPerson);
    expect(reply).toContain('[Talk to a person]');
    expect(reply).not.toMatch(/Solution 1|outside what I can help with/);
  });

  it('says it understands English only, with the examples, for another language', async () => {
    const c = await conversation(stub({ topic: 'other_language', language: 'spa', confidence: 1 }));
    const reply = await c.ask('mi copia de seguridad de icloud falla siempre');
    expect(reply).toContain(topics.otherLanguage);
    expect(reply).toContain('[My backup says not enough storage]');
    expect(reply).not.toMatch(/network settings|Solution/);
  });

  it('keeps the generic out-of-scope answer when the topic is unknown', async () => {
    const c = await conversation(stub({}));
    expect(await c.ask('tell me a joke')).toMatch(/outside what I can help with/);
  });
});
