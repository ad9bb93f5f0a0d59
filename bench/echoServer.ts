/**
 * The baseline of the end-to-end benchmark: a bare botbuilder echo bot as Microsoft's EchoBot sample builds it —
 * restify with its bodyParser, a stock CloudAdapter on ConfigurationBotFrameworkAuthentication (anonymous: no app id),
 * `adapter.process(req, res, (context) => bot.run(context))` — and nothing of this project: none of its server stack
 * (request ids, rate limits, the shape check, the turn gate), no state, no NLU. It is what "a turn costs little more
 * than the SDK's own" is measured against; the application's own savings on the SDK's per-request work (the reused
 * connector clients, no zod copies) count in its favour, as they would against any echo bot a reader writes.
 * Prints {"url": "..."} on stdout once listening (PORT=0 picks a free port).
 */
import restify from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';

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
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (context, error) => {
    process.stderr.write(`echo bot turn failed: ${String(error)}\n`);
    await context.sendActivity('The bot encountered an error.');
  };
  const bot = new EchoBot();
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  // For the bench's readiness check only (bench/serverProcess.ts); the sample has no other route.
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  const port = Number(process.env.PORT ?? 0);
  const host = process.env.HOST ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ url: `http://${host}:${address.port}` })}\n`);
  const stop = (): void => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`echo server failed: ${String(err)}\n`);
    process.exit(1);
  });
}
