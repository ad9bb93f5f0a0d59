/**
 * The container files cannot be built or run on these machines (no Docker, no image pulls), so they are checked
 * here against what is real: the Dockerfile is valid (dockerfile-utils, VS Code's Dockerfile checker), its build is
 * `npm run release` and its runtime runs the release's start command as a non-root user, with /readyz as its health
 * check, the port and the SQLite path the app reads, and compose.yaml runs two replicas sharing Redis (append-only)
 * behind a proxy whose config file is in the repository and names both replicas on the app's port.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Instruction, type JSONInstruction, type ModifiableInstruction, type Property } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/config';
import { ROOT } from '../helpers/compiledApp';

const dockerfileText = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(dockerfileText);
const instructions = dockerfile.getInstructions();
const stages = dockerfile.getFROMs();
/** The instructions of the last (runtime) stage. */
const runtime = instructions.filter((i) => i.getRange().start.line > stages.at(-1)!.getRange().start.line);
const build = instructions.filter((i) => i.getRange().start.line < stages.at(-1)!.getRange().start.line);
const keyword = (list: Instruction[], name: string): Instruction[] => list.filter((i) => i.getKeyword() === name);
const runtimeEnv = Object.fromEntries(
  keyword(runtime, 'ENV').flatMap((i) => (i as unknown as { getProperties(): Property[] }).getProperties().map((p) => [p.getName(), p.getValue() ?? ''])),
) as Record<string, string>;
const documentedVariables = new Set([...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^#?\s*([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!));

interface ComposeService {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };

test('the Dockerfile is valid: no errors from dockerfile-utils', () => {
  expect(validate(dockerfileText).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
});

test('build stage: npm ci, then npm run release — the tested artifact, nothing else', () => {
  expect(stages).toHaveLength(2);
  const runs = keyword(build, 'RUN').map((i) => i.getArgumentsContent() ?? '');
  expect(runs.some((r) => /^npm ci\b/.test(r))).toBe(true);
  expect(runs.at(-1)).toBe('npm run release');
});

test('runtime stage: node:24-slim, the release folder, a non-root user, node as PID 1 running the release\'s start command', () => {
  expect(stages[1]!.getImage()).toBe('node:24-slim');
  const copies = keyword(runtime, 'COPY').map((i) => {
    const from = (i as unknown as ModifiableInstruction).getFlags().find((f) => f.getName() === 'from')?.getValue();
    return `${from ?? ''} ${i.getArgumentsContent() ?? ''}`;
  });
  expect(stages[0]!.getBuildStage()).toBe('build');
  expect(copies).toEqual(['build /src/release/ ./']);
  const user = keyword(runtime, 'USER').at(-1)!.getArgumentsContent();
  expect(user).toBe('node');
  const cmd = (keyword(runtime, 'CMD')[0] as JSONInstruction).getJSONStrings().map((s) => s.getJSONValue());
  expect(cmd).toEqual(['node', 'dist/src/index.js']);
  // The same command the release's package.json starts (scripts/release.js writes it).
  expect(readFileSync(join(ROOT, 'scripts/release.js'), 'utf8')).toContain(`start: '${cmd.join(' ')}'`);
  expect(existsSync(join(ROOT, cmd[1]!.replace(/\.js$/, '.ts').replace(/^dist\//, '')))).toBe(true);
});

test('runtime stage: HEALTHCHECK asks /readyz with Node\'s fetch; EXPOSE, PORT and the SQLite volume match what the app reads', () => {
  const health = keyword(runtime, 'HEALTHCHECK')[0]!.getArgumentsContent() ?? '';
  expect(health).toContain('/readyz');
  expect(health).toContain('fetch(');
  expect(health).not.toMatch(/curl|wget/);
  for (const name of Object.keys(runtimeEnv)) expect([name, documentedVariables.has(name)]).toEqual([name, true]);
  const config = loadConfig({ ...runtimeEnv, MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant' });
  expect(keyword(runtime, 'EXPOSE')[0]!.getArgumentsContent()).toBe(String(config.port));
  expect(config.storage).toMatchObject({ kind: 'sqlite', sqlitePath: '/data/bot.sqlite' });
  const volume = keyword(runtime, 'VOLUME')[0]!.getArgumentsContent() ?? '';
  expect(volume).toContain('"/data"');
});

test('.dockerignore keeps local builds and secrets out of the build context', () => {
  const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
  for (const entry of ['node_modules', 'release', 'dist', '.env', 'data']) expect(ignored).toContain(entry);
});

test('compose.yaml: two bot replicas on Redis (append-only), behind a proxy configured in the repository', () => {
  const { services } = compose;
  const bots = Object.entries(services).filter(([, s]) => s.build === '.');
  expect(bots.map(([name]) => name)).toEqual(['bot-1', 'bot-2']);
  for (const [, bot] of bots) {
    for (const name of Object.keys(bot.environment ?? {})) expect([name, documentedVariables.has(name)]).toEqual([name, true]);
    const env = Object.fromEntries(Object.entries(bot.environment ?? {}).map(([k, v]) => [k, String(v).replace(/\$\{[^}:]+:-([^}]*)\}/g, '$1')]));
    const config = loadConfig({ ...env, NODE_ENV: 'development' });
    expect(config.storage.kind).toBe('redis');
    expect(new URL(config.storage.redisUrl!).hostname).toBe('redis');
    expect(config.port).toBe(3978);
  }
  expect(services.redis!.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));

  const proxy = services.proxy!;
  expect(Object.keys(proxy.depends_on ?? {})).toEqual(['bot-1', 'bot-2']);
  const configFile = proxy.volumes![0]!.split(':')[0]!;
  const nginx = readFileSync(join(ROOT, configFile), 'utf8');
  expect(nginx).toMatch(/server bot-1:3978\b/);
  expect(nginx).toMatch(/server bot-2:3978\b/);
  const listen = /listen (\d+);/.exec(nginx)![1];
  expect(proxy.ports).toEqual([`${listen}:${listen}`]);
});
