/**
 * Starts the full server (createAdapter + createServer) on 127.0.0.1, port 0, for a given bot.
 */
import path from 'node:path';
import type { TurnContext } from 'botbuilder';
import { BotAuthSettings, createAdapter } from '../../src/server/createAdapter';
import { createServer, ServerDeps, ServerOptions, SupportServer } from '../../src/server/createServer';
import { Log, silentLog } from '../../src/logging/log';
import type { SupportCloudAdapter } from '../../src/channels/supportCloudAdapter';
import { readYamlFile } from '../../src/content/readYaml';
import { PromptsFileSchema, type Prompts } from '../../src/content/schema';
import { loadPageTexts } from '../../src/content/loadPageTexts';
import { pageTextsRoute } from '../../src/channels/webchat/pageTexts';

/** The prompts of this repository's dialogs/prompts.yaml (validated). */
export function repositoryPrompts(): Prompts {
  return readYamlFile(path.join(__dirname, '..', '..', 'dialogs', 'prompts.yaml'), PromptsFileSchema).prompts;
}

let pageTexts: ReturnType<typeof loadPageTexts> | undefined;

/** The support page's texts of this repository's dialogs/page.yaml and its translations (read once). */
export function repositoryPageTexts(): ReturnType<typeof loadPageTexts> {
  pageTexts ??= loadPageTexts(path.join(__dirname, '..', '..', 'dialogs'));
  return pageTexts;
}

export interface TestServer {
  baseUrl: string;
  adapter: SupportCloudAdapter;
  app: SupportServer;
  close(): Promise<void>;
}

export interface TestServerSettings {
  bot: { run(context: TurnContext): Promise<void> };
  botAuth?: BotAuthSettings;
  options?: Partial<Omit<ServerOptions, 'directLine'>> & { directLine?: Partial<ServerOptions['directLine']> };
  log?: Log;
  now?: () => number;
  /** What a failed turn says (default: prompts.turnFailed of dialogs/prompts.yaml). */
  errorMessage?: string;
  /** More routes, mounted after the page's texts (which src/index.ts mounts too). */
  routes?: ServerDeps['routes'];
}

export async function startTestServer(settings: TestServerSettings): Promise<TestServer> {
  const log = settings.log ?? silentLog;
  const adapter = createAdapter(settings.botAuth ?? { MicrosoftAppType: 'MultiTenant' }, log, { errorMessage: settings.errorMessage ?? repositoryPrompts().turnFailed });
  const { directLine, ...rest } = settings.options ?? {};
  const options: ServerOptions = {
    port: 0,
    host: '127.0.0.1',
    maxBodyBytes: 256 * 1024,
    ...rest,
    directLine: { enabled: true, tokenTtlSeconds: 1800, tokenRateLimit: { burst: 1000, perSecond: 1000 }, ...directLine },
  };
  const routes = [pageTextsRoute(repositoryPageTexts()), ...(settings.routes ?? [])];
  const app = createServer({ adapter, bot: settings.bot, options, log, now: settings.now, routes });
  const { url } = await app.listen();
  return { baseUrl: url, adapter, app, close: () => app.close() };
}

/** A Log that keeps every entry, to assert on what was (and was not) logged. */
export function recordingLog(): Log & { entries: Array<{ level: string; fields: object; message?: string }> } {
  const entries: Array<{ level: string; fields: object; message?: string }> = [];
  const at = (level: string) => (fields: object, message?: string) => {
    entries.push({ level, fields, message });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
