/**
 * `npm run --silent privacy -- …`: answers access and erasure requests (GDPR art. 15 and 17) from the terminal, over
 * every store the configuration uses (STORAGE / SQLITE_PATH / REDIS_URL, as the bot reads them; see docs/privacy.md):
 *   erase --conversation <channelId>/<conversationId>    everything about that conversation
 *   erase --user <channelId>/<userId>                    every conversation of that person, and the person's index
 *   export --user <channelId>/<userId> [--out FILE]      one JSON document with everything held (also --conversation)
 *   log [--limit N]                                      the erasure log, newest first
 * erase prints {scope, ref, conversations, removed: {kind: count}} as JSON and records the erasure in the log.
 * With STORAGE=memory everything lives in the bot's own process: use POST /admin/api/privacy/erase instead.
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createAnalyticsStore } from '../analytics/createAnalyticsStore';
import { privacyStores } from '../bots/privacyStores';
import { CHANNEL_ID as DIRECT_LINE_CHANNEL_ID } from '../channels/directline/userActivity';
import { ConfigError, loadConfig, readEnvironment } from '../config/config';
import { parseConversationRef, parseUserRef, RefError } from '../privacy/personalData';
import { PrivacyService } from '../privacy/privacyService';
import { createStorage } from '../storage/createStorage';
import { createDirectLineStore } from '../storage/createDirectLineStore';
import { createErasureLog } from '../storage/erasureLog';
import { UserConversationIndex } from '../storage/userConversationIndex';

const USAGE = [
  'usage: npm run --silent privacy -- erase --conversation <channelId>/<conversationId>',
  '       npm run --silent privacy -- erase --user <channelId>/<userId>',
  '       npm run --silent privacy -- export --user <channelId>/<userId> [--out FILE]   (or --conversation)',
  '       npm run --silent privacy -- log [--limit N]',
].join('\n');

const quietLog = { info: () => undefined, warn: (o: object, m?: string) => void process.stderr.write(`${m ?? ''} ${JSON.stringify(o)}\n`), error: () => undefined };

class UsageError extends Error {}

function optionValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) {
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    return value;
  }
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

export async function runPrivacyCli(args: readonly string[], env: NodeJS.ProcessEnv = readEnvironment()): Promise<number> {
  const [command, ...rest] = args;
  if (!command || !['erase', 'export', 'log'].includes(command)) throw new UsageError(command ? `unknown command ${command}` : 'a command is needed');
  const config = loadConfig(env);
  if (config.storage.kind === 'memory') {
    process.stderr.write('STORAGE=memory keeps everything inside the running bot: use POST /admin/api/privacy/erase (docs/privacy.md)\n');
    return 2;
  }
  const storageOptions = { ...config.storage, sweepIntervalMs: 0 };
  const storage = await createStorage(storageOptions, quietLog);
  const analytics = await createAnalyticsStore({ ...storageOptions }, quietLog);
  const directLine = createDirectLineStore(storageOptions, quietLog);
  const erasureLog = createErasureLog(storageOptions, quietLog);
  const userIndex = new UserConversationIndex(storage, { idleTtlMs: config.storage.idleTtlMs });
  const privacy = new PrivacyService(privacyStores({ storage, analytics, directLine: { store: directLine, channelId: DIRECT_LINE_CHANNEL_ID }, userIndex }), erasureLog);
  try {
    if (command === 'log') {
      const limit = Number(optionValue(rest, 'limit') ?? 100);
      process.stdout.write(`${JSON.stringify({ erasures: await privacy.erasures(Number.isFinite(limit) && limit > 0 ? limit : 100) }, null, 2)}\n`);
      return 0;
    }
    const conversation = optionValue(rest, 'conversation');
    const user = optionValue(rest, 'user');
    if ((conversation === undefined) === (user === undefined)) throw new UsageError('give exactly one of --conversation or --user');
    if (command === 'erase') {
      const by = `cli:${safeUserName()}`;
      const result = user !== undefined ? await privacy.eraseUser(parseUserRef(user), by) : await privacy.eraseConversation(parseConversationRef(conversation), by);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const document = user !== undefined ? await privacy.exportUser(parseUserRef(user)) : await privacy.exportConversation(parseConversationRef(conversation));
    const json = `${JSON.stringify(document, null, 2)}\n`;
    const out = optionValue(rest, 'out');
    if (out) writeFileSync(out, json, { mode: 0o600 });
    else process.stdout.write(json);
    return 0;
  } finally {
    await directLine.close();
    await analytics.close();
    await storage.close();
    await erasureLog.close();
  }
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

if (require.main === module) {
  runPrivacyCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError || error instanceof RefError) process.stderr.write(`${error.message}\n${USAGE}\n`);
      else if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
      else process.stderr.write(`privacy: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(error instanceof UsageError || error instanceof RefError ? 2 : 1);
    },
  );
}
