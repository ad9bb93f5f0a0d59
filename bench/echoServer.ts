/**
 * The baseline of the end-to-end benchmark: a minimal botbuilder echo bot on the same server stack as the real bot
 * (createAdapter + createServer, anonymous auth, Direct Line emulator mounted, same body limit, the same pino logger
 * at LOG_LEVEL), no state, no NLU.
 * Prints {"url": "..."} on stdout once listening (PORT=0 picks a free port).
 */
import path from 'node:path';
import { readYamlFile } from '../src/content/readYaml';
import { PromptsFileSchema } from '../src/content/schema';
import { ActivityHandler, MessageFactory } from 'botbuilder';
import { createLogger } from '../src/logging/logger';
import { createAdapter } from '../src/server/createAdapter';
import { createServer } from '../src/server/createServer';
import { DEFAULT_MESSAGE_LIMITS } from '../src/http/limits';

export class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(MessageFactory.text(`Echo: ${context.activity.text ?? ''}`));
      await next();
    });
  }
}

async function main(): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'info');
  const server = createServer({
    adapter: createAdapter({ MicrosoftAppType: 'MultiTenant' }, log, { errorMessage: readYamlFile(path.resolve('dialogs/prompts.yaml'), PromptsFileSchema).prompts.turnFailed }),
    bot: new EchoBot(),
    log,
    options: {
      port: Number(process.env.PORT ?? 0),
      host: process.env.HOST ?? '127.0.0.1',
      maxBodyBytes: 262144,
      // Like the application in the bench (RATE_LIMIT_PER_CLIENT=0): all load comes from one address.
      messageLimits: { ...DEFAULT_MESSAGE_LIMITS, perClient: 0 },
      directLine: { enabled: true, tokenTtlSeconds: 1800 },
    },
  });
  const { url } = await server.listen();
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`echo server failed: ${String(err)}\n`);
    process.exit(1);
  });
}
