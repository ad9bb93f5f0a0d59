/**
 * `npm run chat`: talk to the bot in the terminal — same content, same classifier, same dialogs as the channels —
 * so support operators can try content changes without any channel. State is kept in memory for the session.
 */
import { MemoryStorage } from 'botbuilder';
import { createInterface } from 'node:readline';
import { loadKnowledgeIndex } from '../knowledge';
import { MemoryAnalyticsStore } from '../analytics/memoryAnalyticsStore';
import { assembleSupportBot } from '../bots/assembleBot';
import { loadConfig } from '../config/config';
import { loadDialogContent } from '../content/loadContent';
import { loadTopics } from '../content/loadTopics';
import { join } from 'node:path';
import { actModelPathFor, loadActClassifier, loadRecognizer } from '../nlu';
import { TerminalAdapter } from './terminalAdapter';

async function main(): Promise<void> {
  const config = loadConfig();
  const content = loadDialogContent(config.contentDir);
  const recognizer = await loadRecognizer({
    intentsDir: config.intentsDir,
    modelPath: config.modelPath,
    causeOrder: content.causes.map((c) => c.id),
    log: { info: (_fields, message) => void process.stderr.write(`${message ?? ''}\n`), warn: (_fields, message) => void process.stderr.write(`${message ?? ''}\n`) },
  });
  // The bot as people meet it ("Did I help?" included); ratings stay in memory for the session.
  const { bot } = assembleSupportBot({
    content,
    recognizer,
    acts: loadActClassifier({ actsDir: join(config.intentsDir, 'acts'), modelPath: actModelPathFor(config.modelPath) }),
    knowledge: loadKnowledgeIndex(config.contentDir, content),
    storage: new MemoryStorage(),
    options: { ...config.nlu, maxMessageLength: config.maxMessageLength, topics: loadTopics(config.contentDir) },
    analytics: new MemoryAnalyticsStore(),
  });
  const adapter = new TerminalAdapter((line) => process.stdout.write(`${line}\n`));
  adapter.onTurnError = async (_context, error) => {
    process.stderr.write(`bot error: ${error instanceof Error ? error.message : String(error)}\n`);
  };
  const run = (context: Parameters<typeof bot.run>[0]): Promise<void> => bot.run(context);

  process.stdout.write('Type a message and press Enter. Type a button\'s text to click it. Ctrl+D or "/quit" to leave.\n\n');
  await adapter.joined(run);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ', terminal: process.stdin.isTTY });
  const prompt = (): void => {
    if (process.stdin.isTTY) rl.prompt();
  };
  prompt();
  // Lines are handled one at a time, in order, even when pasted or piped in.
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      if (line.trim() === '/quit') {
        rl.close();
        return;
      }
      if (!process.stdin.isTTY) process.stdout.write(`you> ${line}\n`);
      await adapter.message(line, run);
      prompt();
    });
  });
  rl.on('close', () => {
    void queue.then(() => process.stdout.write('\nBye!\n'));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
