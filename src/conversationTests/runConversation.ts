/**
 * Runs one conversation test against the real bot, in process: the same content, classifier and dialogs as
 * production, on botbuilder's TestAdapter with memory storage. Each test gets a fresh bot and conversation.
 */
import { ActivityTypes, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { createBot } from '../bots/createBot';
import type { DialogContent } from '../content/loadContent';
import type { MainDialogOptions } from '../dialogs/mainDialog';
import type { SessionState } from '../dialogs/session';
import type { Recognizer } from '../nlu/types';
import { ReplyChecker, type Mismatch } from './expectations';
import type { LocatedTest } from './loadTests';
import { readReply, showReply, type Reply } from './reply';

export interface BotUnderTest {
  content: DialogContent;
  recognizer: Recognizer;
  isQuestion: (text: string) => boolean;
  options: MainDialogOptions;
}

export interface TestFailure {
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

/** A conversation with a fresh bot. */
class Conversation {
  private readonly adapter: TestAdapter;
  private readonly storage = new MemoryStorage();

  constructor(bot: BotUnderTest, channelId: string) {
    const { bot: supportBot } = createBot({ ...bot, storage: this.storage });
    this.adapter = new TestAdapter(async (context) => supportBot.run(context), { channelId } as Partial<Activity>);
    this.adapter.conversation.channelId = channelId;
  }

  async send(activity: Partial<Activity>): Promise<Reply> {
    await this.adapter.receiveActivity(activity);
    return readReply(this.adapter.activeQueue.splice(0));
  }

  async session(): Promise<SessionState | undefined> {
    const ref = this.adapter.conversation;
    const key = `${ref.channelId}/conversations/${ref.conversation.id}/`;
    const items = await this.storage.read([key]);
    return (items[key] as { session?: SessionState } | undefined)?.session;
  }
}

export async function runConversationTest(located: LocatedTest, bot: BotUnderTest): Promise<TestResult> {
  const checker = new ReplyChecker(bot.content);
  const conversation = new Conversation(bot, located.test.channel ?? DEFAULT_CHANNEL);
  const transcript: string[] = [];
  let previous: Reply | undefined;
  for (const { turn, line, lines } of located.turns) {
    let reply: Reply;
    if (turn.join) {
      transcript.push('Person: (opens the chat)');
      reply = await conversation.send({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user1', name: 'User1' }] });
    } else if (turn.click !== undefined) {
      transcript.push(`Person: (clicks [${turn.click}])`);
      const button = previous?.buttons.find((b) => b.title.toLowerCase() === turn.click!.toLowerCase() || b.value.toLowerCase() === turn.click!.toLowerCase());
      if (!button) {
        return fail(located, lines.click ?? line, transcript, [`a button [${turn.click}] in the bot's previous reply`], previous ? showReply(previous) : '(nothing yet)');
      }
      reply = await conversation.send({ type: ActivityTypes.Message, text: button.value });
    } else {
      transcript.push(`Person: ${turn.user}`);
      reply = await conversation.send({ type: ActivityTypes.Message, text: turn.user });
    }
    const said = showReply(reply);
    transcript.push(...said.split('\n').map((l) => `Bot: ${l}`));
    const mismatches: Mismatch[] = checker.check(turn, reply, await conversation.session());
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
