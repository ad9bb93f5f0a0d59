/**
 * The conversation's language is kept in conversation state (SupportBot): chosen from the channel's locale on the
 * first message, kept for the next ones (whatever locale they carry), changed by an explicit switch, and available to
 * the turn as languageOf(context) also when the message is not read (no text). Fixture content, stub recognizers.
 */
import { ActivityTypes } from 'botbuilder';
import { join } from 'node:path';
import { createBot } from '../../src/bots/createBot';
import type { Language } from '../../src/content/i18n/languages';
import { loadDialogContent } from '../../src/content/loadContent';
import { languageOf, type TurnUnderstanding } from '../../src/dialogs/turnUnderstanding';
import type { Grammar } from '../../src/nlu/grammar';
import { loadGrammar } from '../../src/nlu/grammarFile';
import { LanguageChooser } from '../../src/nlu/languageChoice';
import type { NluResult, Recognizer } from '../../src/nlu/types';
import { MemoryStore } from '../../src/storage';
import { DEFAULT_OPTIONS, TestConversation } from '../helpers/botHarness';

const FIXTURES = join(__dirname, '..', 'dialogs', 'fixtures');
const INTENTS = join(__dirname, '..', '..', 'intents');
const content = loadDialogContent(FIXTURES);
const grammars = new Map<Language, Grammar>((['en', 'es', 'fr', 'de'] as const).map((l) => [l, loadGrammar(l === 'en' ? INTENTS : join(INTENTS, l), l)]));
const stub = (language: string): Recognizer => ({
  recognize: (text: string): NluResult => ({ text, intent: `${language}_none`, confidence: 0.9, route: 'none', ruledOut: [], alternatives: [] }),
});

function conversation() {
  const seen: Array<{ understanding: TurnUnderstanding | undefined; language: Language }> = [];
  const storage = new MemoryStore({ sweepIntervalMs: 0 });
  const services = createBot({
    content,
    recognizer: stub('en'),
    storage,
    options: DEFAULT_OPTIONS,
    multilingual: {
      chooser: new LanguageChooser(grammars),
      languages: new Map((['es', 'fr', 'de'] as const).map((l) => [l, { recognizer: stub(l), questionKind: () => 'none' as const }])),
      languageOfCode: () => undefined,
    },
    hooks: [() => ({ beforeTurn: async (context, _session, understanding) => (seen.push({ understanding, language: languageOf(context) }), false) })],
  });
  const chat = new TestConversation(services, storage);
  const say = async (text: string | undefined, locale?: string): Promise<void> => {
    await chat.adapter.receiveActivity({ type: ActivityTypes.Message, ...(text !== undefined ? { text } : {}), ...(locale ? { locale } : {}) });
  };
  return { chat, say, seen, storage };
}

describe("the conversation's language", () => {
  it('comes from the locale, is kept for the next turns, and changes on an explicit switch', async () => {
    const { say, seen } = conversation();
    await say('hola', 'es-MX');
    await say('ok', 'en-US');
    await say('auf deutsch');
    await say('ja');
    await say('english please', 'es-ES');
    await say('thanks');
    expect(seen.map((s) => s.language)).toEqual(['es', 'es', 'de', 'de', 'en', 'en']);
    // A request for a language is read as a greeting in that language (not classified by its recognizer).
    expect(seen.map((s) => s.understanding?.nlu.intent)).toEqual(['es_none', 'es_none', 'greeting', 'de_none', 'greeting', 'en_none']);
    expect(seen.map((s) => s.understanding?.languageSwitched ?? false)).toEqual([false, false, true, false, true, false]);
    expect(seen.map((s) => s.understanding?.languageRequest ?? false)).toEqual([false, false, true, false, true, false]);
  });

  it('is known to a turn without text (attachments only)', async () => {
    const { say, seen } = conversation();
    await say('bonjour', 'fr-FR');
    await say(undefined);
    expect(seen.map((s) => [s.language, s.understanding === undefined])).toEqual([['fr', false], ['fr', true]]);
  });

  it('stays English, stored nowhere, for a conversation that never leaves it', async () => {
    const { chat, say, seen, storage } = conversation();
    await say('hello');
    const ref = chat.adapter.conversation;
    const key = `${ref.channelId}/conversations/${ref.conversation.id}/`;
    const saved = (await storage.read([key]))[key] as Record<string, unknown>;
    expect(seen[0]?.language).toBe('en');
    expect(saved.language).toBeUndefined();
  });
});
