/**
 * Runs one conversation test against the real bot, in process: the same content, knowledge base, classifier and
 * dialogs as production, assembled as src/index.ts does (CSAT survey, hand-off desk: src/bots/assembleBot.ts), on
 * botbuilder's TestAdapter with memory storage. Each test gets a fresh bot and conversation.
 */
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { MemoryAnalyticsStore } from '../analytics/memoryAnalyticsStore';
import { ASK_AGENT_RATING, assembleSupportBot, leaveQueueDetector } from '../bots/assembleBot';
import type { DialogContent } from '../content/loadContent';
import type { LocalizedContent } from '../content/localizedContent';
import type { KnowledgeFor } from '../dialogs/questionAnswerer';
import type { ReplyWordsFor } from '../dialogs/replyInterpreter';
import type { CsatRecord } from '../dialogs/csatDialog';
import type { MainDialogOptions } from '../dialogs/mainDialog';
import type { SessionState } from '../dialogs/session';
import type { Multilingual } from '../dialogs/turnUnderstanding';
import { HandoffDesk } from '../handoff/handoffDesk';
import type { KnowledgeIndex } from '../knowledge';
import { MemoryStore } from '../storage/memoryStorage';
import type { ActReader } from '../nlu/dialogActs';
import { DEFAULT_IDLE_TTL_MS } from '../storage/botStore';
import { MemoryErasureLog } from '../storage/erasureLog';
import { UserConversationIndex } from '../storage/userConversationIndex';
import { privacyStores } from '../bots/privacyStores';
import { PrivacyService } from '../privacy/privacyService';
import type { PrivacyPrompts } from '../content/loadPrivacyPrompts';
import type { ReplyPatterns } from '../content/loadReplies';
import type { Recognizer } from '../nlu/types';
import { ReplyChecker, type Mismatch } from './expectations';
import type { Language } from '../content/i18n/languages';
import type { Turn } from './schema';
import type { LocatedTest } from './loadTests';
import { readReply, showReply, type Reply } from './reply';

export interface BotUnderTest {
  /** The English content (the reference). */
  content: DialogContent;
  /** Every language's content (the tests of dialogs/tests/<lang>/ check the replies against their language's). */
  localized?: LocalizedContent;
  /** Each language's knowledge base (default: `knowledge` for every language). */
  knowledgeFor?: KnowledgeFor;
  /** Each language's reply words (default: English). */
  replyWords?: ReplyWordsFor;
  /** The other languages' readers and the language chooser (src/nlu/multilingual.ts); without it every turn is English. */
  multilingual?: Multilingual;
  recognizer: Recognizer;
  /** The dialog-act classifier (intents/acts). */
  acts?: ActReader;
  knowledge: KnowledgeIndex;
  options: MainDialogOptions;
  /** HANDOFF_ACCEPT_TIMEOUT_SECONDS, in ms (the desk's; no agent ever accepts in a conversation test). */
  acceptTimeoutMs: number;
  /** "Delete my data" in the chat (dialogs/privacy.yaml and the reply words); without it the chat cannot erase. */
  privacy?: { prompts: PrivacyPrompts; replyPatterns: ReplyPatterns };
}

interface TestFailure {
  file: string;
  line: number;
  /** What the person and the bot said, up to and including the failing turn. */
  transcript: string[];
  expected: string[];
  /** What the bot said in the failing turn. */
  said: string;
}

export interface TestResult {
  test: LocatedTest;
  /** The whole conversation as run (up to the failure, if any). */
  transcript: string[];
  failure?: TestFailure;
}

const DEFAULT_CHANNEL = 'webchat';

/** A conversation with a fresh bot, assembled as in production; ratings go to an in-memory analytics store. */
class Conversation {
  private readonly adapter: TestAdapter;
  private readonly storage = new MemoryStore({ sweepIntervalMs: 0 });
  private readonly analytics = new MemoryAnalyticsStore();
  private readonly ready: Promise<void>;

  constructor(bot: BotUnderTest, channelId: string) {
    // Production's desk without AGENT_KEY or OIDC: no console, hand-offs go out as handoff.initiate and are queued.
    const desk = new HandoffDesk({
      storage: this.storage,
      content: bot.content,
      ...(bot.localized ? { localized: bot.localized } : {}),
      isLeaveQueue: leaveQueueDetector(bot.recognizer, bot.options),
      options: { consoleEnabled: false, acceptTimeoutMs: bot.acceptTimeoutMs, sweepIntervalMs: 0, askRating: ASK_AGENT_RATING },
    });
    // Privacy requests over this conversation's own stores, as src/index.ts wires them.
    const userIndex = new UserConversationIndex(this.storage, { idleTtlMs: DEFAULT_IDLE_TTL_MS });
    const privacy = bot.privacy
      ? { ...bot.privacy, userIndex, service: new PrivacyService(privacyStores({ storage: this.storage, analytics: this.analytics, userIndex }), new MemoryErasureLog()) }
      : undefined;
    const { bot: supportBot } = assembleSupportBot({ ...bot, storage: this.storage, analytics: this.analytics, handoffDesk: desk, privacy });
    this.ready = desk.start();
    this.adapter = new TestAdapter(async (context) => supportBot.run(context), { channelId } as Partial<Activity>);
    this.adapter.conversation.channelId = channelId;
  }

  async send(activity: Partial<Activity>): Promise<Reply> {
    await this.ready;
    await this.adapter.receiveActivity(activity);
    return readReply(this.adapter.activeQueue.splice(0));
  }

  async session(): Promise<SessionState | undefined> {
    const ref = this.adapter.conversation;
    const key = `${ref.channelId}/conversations/${ref.conversation.id}/`;
    const items = await this.storage.read([key]);
    return (items[key] as { session?: SessionState } | undefined)?.session;
  }

  /** The CSAT ratings recorded so far (a rating and its comment are one record). */
  async ratings(): Promise<CsatRecord[]> {
    return (await this.analytics.ratings(0, Number.MAX_SAFE_INTEGER)) as CsatRecord[];
  }
}

/** The `locale` a turn's activity carries: the turn's, none, or the test's language (English tests: none). */
function localeOf(turn: Turn, located: LocatedTest): Partial<Activity> {
  if (turn.locale === 'none') return {};
  if (turn.locale) return { locale: turn.locale };
  return located.language === 'en' ? {} : { locale: located.language };
}

export async function runConversationTest(located: LocatedTest, bot: BotUnderTest): Promise<TestResult> {
  const checkers = new Map<Language, ReplyChecker>();
  // A turn's checks read the content of the language it says the bot answers in (a switch mid-test), else the test's.
  const checkerFor = (turn: Turn): ReplyChecker => {
    const language = turn.answersIn ?? located.language;
    if (!checkers.has(language)) {
      const content = bot.localized?.in(language).dialog ?? bot.content;
      checkers.set(language, new ReplyChecker(content, (bot.knowledgeFor?.(language) ?? bot.knowledge).content));
    }
    return checkers.get(language)!;
  };
  const conversation = new Conversation(bot, located.test.channel ?? DEFAULT_CHANNEL);
  const transcript: string[] = [];
  let previous: Reply | undefined;
  for (const { turn, line, lines } of located.turns) {
    let reply: Reply;
    const ratingsBefore = await conversation.ratings();
    if (turn.join) {
      transcript.push('Person: (opens the chat)');
      reply = await conversation.send({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user1', name: 'User1' }], ...localeOf(turn, located) });
    } else if (turn.click !== undefined) {
      transcript.push(`Person: (clicks [${turn.click}])`);
      const button = previous?.buttons.find((b) => b.title.toLowerCase() === turn.click!.toLowerCase() || b.value.toLowerCase() === turn.click!.toLowerCase());
      if (!button) {
        return fail(located, lines.click ?? line, transcript, [`a button [${turn.click}] in the bot's previous reply`], previous ? showReply(previous) : '(nothing yet)');
      }
      reply = await conversation.send({ type: ActivityTypes.Message, text: button.value, ...localeOf(turn, located) });
    } else {
      transcript.push(`Person: ${turn.user}`);
      reply = await conversation.send({ type: ActivityTypes.Message, text: turn.user, ...localeOf(turn, located) });
    }
    const said = showReply(reply);
    transcript.push(...said.split('\n').map((l) => `Bot: ${l}`));
    const ratingsAfter = await conversation.ratings();
    const earlier = new Map(ratingsBefore.map((r) => [r.id, r]));
    const facts = {
      session: await conversation.session(),
      rated: ratingsAfter.filter((r) => !earlier.has(r.id)),
      commented: ratingsAfter.filter((r) => r.comment !== undefined && r.comment !== earlier.get(r.id)?.comment).map((r) => r.comment!),
    };
    const mismatches: Mismatch[] = checkerFor(turn).check(turn, reply, facts);
    if (mismatches.length > 0) {
      const first = Math.min(...mismatches.map((m) => lines[m.key] ?? line));
      return fail(located, first, transcript, mismatches.map((m) => `${m.expected}  (line ${lines[m.key] ?? line})`), said);
    }
    previous = reply;
  }
  return { test: located, transcript };
}

function fail(test: LocatedTest, line: number, transcript: string[], expected: string[], said: string): TestResult {
  return { test, transcript, failure: { file: test.file, line, transcript: [...transcript], expected, said } };
}

/** The failure as operators read it: where, the conversation so far, what was expected, what the bot said. */
export function formatFailure(result: TestResult): string {
  const f = result.failure;
  if (!f) return '';
  return [
    `${f.file}:${f.line}: "${result.test.test.name}" failed`,
    '',
    'Conversation so far:',
    ...f.transcript.map((l) => `  ${l}`),
    '',
    'Expected:',
    ...f.expected.map((e) => `  - ${e}`),
    '',
    'The bot said:',
    ...f.said.split('\n').map((l) => `  ${l}`),
  ].join('\n');
}
