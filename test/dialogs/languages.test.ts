/**
 * The dialog engine in the person's language, on fixture content with a small Spanish translation
 * (test/dialogs/fixtures/i18n/es/: the causes, the solutions and some prompts; the rest stays English) and a stub
 * recognizer. The turn's language is what src/nlu decides; here a scripted understander says the language of the
 * locale each message is sent with, so a locale switch mid-conversation is a language switch: the walk goes on at the
 * same step and speaks the new language.
 */
import { fixtureKnowledge } from './stubs';
import { ActivityTypes, type Activity } from 'botbuilder';
import { join } from 'node:path';
import { createBot } from '../../src/bots/createBot';
import { languageOfLocale, type Language } from '../../src/content/i18n/languages';
import { loadLocalizedContent } from '../../src/content/localizedContent';
import { fill } from '../../src/content/template';
import { TurnUnderstander, type TurnInput, type TurnUnderstanding } from '../../src/dialogs/turnUnderstanding';
import { AnswerSearch, contentAnswers, LocalizedAnswerSearch } from '../../src/handoff/answerSearch';
import { HandoffDesk } from '../../src/handoff/handoffDesk';
import { questionKind } from '../../src/nlu/isQuestion';
import type { NluResult, Recognizer } from '../../src/nlu/types';
import { MemoryStore } from '../../src/storage';
import { RecordingPersonChannel, SAM } from '../handoff/helpers';
import { DEFAULT_OPTIONS, TestConversation, visibleText } from '../helpers/botHarness';

const FIXTURES = join(__dirname, 'fixtures');
const missing: string[] = [];
const localized = loadLocalizedContent(FIXTURES, { languages: ['es'], onMissing: (line) => missing.push(line) });
const en = localized.in('en').dialog;
const es = localized.in('es').dialog;
const knowledge = fixtureKnowledge(FIXTURES, en);

const SCRIPT: Record<string, string> = {
  'alpha is broken': 'cause_alpha',
  'la parte alfa falla': 'cause_alpha',
  no: 'deny',
  yes: 'affirm',
  'talk to a person': 'human_agent',
  'hablar con una persona': 'human_agent',
};

class StubRecognizer implements Recognizer {
  recognize(text: string): NluResult {
    const intent = SCRIPT[text.toLowerCase()] ?? 'none';
    return { text, intent, route: intent, confidence: intent === 'none' ? 0.9 : 0.95, ruledOut: [], alternatives: [] };
  }
}

/** The real understander, with the language src/nlu would choose: here the one of the message's locale. */
class LocaleUnderstander {
  language: Language = 'en';
  private readonly inner = new TurnUnderstander(new StubRecognizer(), questionKind, undefined, DEFAULT_OPTIONS.maxMessageLength);

  understand(input: TurnInput): TurnUnderstanding | undefined {
    const understanding = this.inner.understand(input, {});
    return understanding && { ...understanding, language: this.language };
  }

  /** A turn without an understanding (the welcome, an empty message) is in the same language. */
  languageFor(): Language {
    return this.language;
  }
}

function person(desk?: HandoffDesk): { chat: TestConversation; say: (text: string, locale: string) => Promise<string> } {
  const understander = new LocaleUnderstander();
  const storage = new MemoryStore({ sweepIntervalMs: 0 });
  const services = createBot({ content: en, localized, recognizer: new StubRecognizer(), understander, knowledge, storage, options: DEFAULT_OPTIONS, handoffDesk: desk });
  const chat = new TestConversation(services, storage);
  const say = async (text: string, locale: string): Promise<string> => {
    understander.language = languageOfLocale(locale) ?? 'en';
    await chat.adapter.receiveActivity({ type: ActivityTypes.Message, text, locale });
    return (chat.adapter.activeQueue.splice(0) as Partial<Activity>[]).map(visibleText).join('\n');
  };
  return { chat, say };
}

const heading = (content: typeof en, id: string): string => {
  const solution = content.solution(id)!;
  return fill(content.prompts.solutionIntro, { number: solution.number, title: solution.title });
};

describe('the dialogs speak the language of the turn (fixture content with a Spanish translation)', () => {
  it('reads the Spanish copy once: translated strings in Spanish, the others in English, each gap logged naming the file and language', () => {
    expect(es.solution('sol_one')!.title).toBe('Arreglo Uno');
    expect(es.prompts.didItWork).toBe('¿Eso arregló tu copia?');
    expect(es.prompts.cancelled).toBe(en.prompts.cancelled);
    expect(es.causes.map((c) => c.id)).toEqual(en.causes.map((c) => c.id));
    const promptsGap = missing.find((line) => line.includes('i18n/es/prompts.yaml'));
    expect(promptsGap).toMatch(/^content es: .*prompts\.yaml: \d+ \w+ strings?, said in English instead \(prompts\./);
    expect(missing.some((line) => line.startsWith('content es:') && line.includes('answers.yaml'))).toBe(true);
    expect(missing.some((line) => line.includes('i18n/es/causes.yaml') || line.includes('i18n/es/solutions.yaml'))).toBe(false);
  });

  it('a locale switch mid-walk: the same step, asked again in the new language; its buttons work by click', async () => {
    const { chat, say } = person();
    const first = await say('alpha is broken', 'en-US');
    expect(first).toContain(heading(en, 'sol_one'));
    expect(first).toContain(en.prompts.didItWork);
    expect(first).toContain(`[${en.prompts.buttons.yes}]`);

    // Spanish from here: a message the bot does not understand at the step keeps the step, asked in Spanish.
    const again = await say('mmm', 'es-ES');
    expect(again).toContain(es.prompts.didItWork);
    expect(again).toContain(`[${es.prompts.buttons.no}]`);
    expect(again).not.toContain(en.prompts.didItWork);
    expect((await chat.session()).solutions.map((s) => `${s.solutionId}:${s.outcome}`)).toEqual(['sol_one:offered']);

    // The Spanish "No" button means no: the next solution, in Spanish (its destructive warning asks first).
    const next = await say(es.prompts.buttons.no, 'es-ES');
    expect(next).toContain(heading(es, 'sol_two'));
    expect(next).toContain(es.solution('sol_two')!.confirm!.prompt);
    expect(next).not.toContain(en.solution('sol_two')!.confirm!.prompt);
    expect(await say(es.prompts.buttons.goAhead, 'es')).toContain('Haz dos.');
    expect(await say(es.prompts.buttons.yes, 'es')).toContain(es.prompts.happyClose);
    // The record keeps the English titles (analytics and the agents read one language).
    expect((await chat.session()).solutions.map((s) => `${s.title}:${s.outcome}`)).toEqual(['Fix One:not_fixed', 'Fix Two:fixed']);
  });

  it('switching back: the step in English again, and an English button still works after Spanish turns', async () => {
    const { say } = person();
    expect(await say('la parte alfa falla', 'es')).toContain(heading(es, 'sol_one'));
    const back = await say('hmm', 'en');
    expect(back).toContain(en.prompts.didItWork);
    expect(await say(en.prompts.buttons.no, 'en')).toContain(en.solution('sol_two')!.confirm!.prompt);
  });

  it('a hand-off in Spanish: told in Spanish, the request carries es, and the agent joining and leaving is said in Spanish', async () => {
    const storage = new MemoryStore({ sweepIntervalMs: 0 });
    const channel = new RecordingPersonChannel();
    const desk = new HandoffDesk({ personChannel: channel, storage, content: en, localized, options: { consoleEnabled: false, acceptTimeoutMs: 60_000, sweepIntervalMs: 0 } });
    await desk.start();
    const { say } = person(desk);
    await say('la parte alfa falla', 'es');
    expect(await say('hablar con una persona', 'es')).toContain(es.prompts.handoffStarting);
    const [request] = await desk.openRequests();
    expect(request!.language).toBe('es');
    expect(await say('hola?', 'es')).toContain(es.prompts.handoffStillWaiting);
    await desk.accept(request!.id, SAM);
    await desk.end(request!.id, SAM);
    expect(channel.texts(request!.id)).toEqual([fill(es.prompts.agentJoined, { agent: 'Sam' }), fill(es.prompts.agentLeft, { agent: 'Sam' }), expect.stringContaining(es.prompts.handedBack)]);
    await desk.close();
  });

  it("the agent's answers at hand come in the person's language (accents folded)", () => {
    const built: string[] = [];
    const answers = new LocalizedAnswerSearch((language) => {
      built.push(language);
      return language === 'en' || language === 'es' ? new AnswerSearch([contentAnswers(localized.in(language).dialog)]) : undefined;
    });
    const spanish = answers.search('ajustes guardados', 3, 'es');
    expect(spanish[0]?.id).toBe('solution:sol_two');
    expect(spanish[0]?.text).toContain('Haz dos.');
    expect(answers.search('solucion arreglo uno', 3, 'es')[0]?.title).toBe('Arreglo Uno');
    expect(answers.search('saved settings', 3, 'en')[0]?.text).toContain('Do two.');
    // A language without its own answers gets the English ones.
    expect(answers.search('saved settings', 3, 'fr')[0]?.text).toContain('Do two.');
    expect(built).toEqual(['es', 'en', 'fr']);
  });
});
