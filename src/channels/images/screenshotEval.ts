/**
 * Route accuracy on the held-out screenshots (test/fixtures/screenshots/manifest.json, rendered by
 * `npm run screenshots:render`): each image is read by the real OCR and its error text chosen as the bot does; the
 * route is compared with the manifest's. Per kind of screen, overall, and how many of the images that are not about
 * backup were routed to a cause (the target is none).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorTextFinder } from './errorText';
import type { ScreenshotReader } from '../../ocr/screenshotReader';

export interface ManifestEntry {
  file: string;
  kind: string;
  expectedRoute: string;
  dark: boolean;
  phone: string;
  textPx: number;
}

export interface ScreenshotOutcome {
  entry: ManifestEntry;
  route: string;
  quote?: string;
  ms: number;
}

export function readManifest(dir: string): ManifestEntry[] {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestEntry[];
}

/** Reads every image (`concurrency` at a time, the OCR pool's size) and routes it. */
export async function routeScreenshots(dir: string, reader: ScreenshotReader, finder: ErrorTextFinder, concurrency = 2): Promise<ScreenshotOutcome[]> {
  const entries = readManifest(dir);
  const outcomes: ScreenshotOutcome[] = new Array(entries.length);
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < entries.length) {
      const index = next++;
      const entry = entries[index]!;
      const reading = await reader.read(readFileSync(join(dir, entry.file)));
      const found = reading.ok ? finder.find(reading.paragraphs) : undefined;
      outcomes[index] = { entry, route: found?.route ?? 'none', ...(found ? { quote: found.text } : {}), ms: reading.ok ? reading.ms : 0 };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, work));
  return outcomes;
}

/** The report: accuracy per kind, overall for backup screens, the others routed to a cause, and the misses. */
export function formatScreenshotReport(outcomes: readonly ScreenshotOutcome[]): string {
  const kinds = [...new Set(outcomes.map((o) => o.entry.kind))];
  const backup = outcomes.filter((o) => o.entry.expectedRoute !== 'none');
  const others = outcomes.filter((o) => o.entry.expectedRoute === 'none');
  const right = (list: readonly ScreenshotOutcome[]) => list.filter((o) => o.route === o.entry.expectedRoute).length;
  const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);
  const lines = ['Screenshots (held-out, rendered): route accuracy per kind of screen', '', '| kind | expected route | right | accuracy |', '|---|---|---|---|'];
  for (const kind of kinds.filter((k) => !k.startsWith('other_'))) {
    const list = outcomes.filter((o) => o.entry.kind === kind);
    lines.push(`| ${kind} | ${list[0]!.entry.expectedRoute} | ${right(list)}/${list.length} | ${pct(right(list), list.length)} |`);
  }
  for (const theme of [false, true]) {
    const list = backup.filter((o) => o.entry.dark === theme);
    lines.push(`| (all, ${theme ? 'dark' : 'light'}) | | ${right(list)}/${list.length} | ${pct(right(list), list.length)} |`);
  }
  lines.push('', `Backup screens: ${right(backup)}/${backup.length} routed right (${pct(right(backup), backup.length)}; target ≥ 90%).`);
  const routedOthers = others.filter((o) => o.route !== 'none');
  lines.push(`Images not about backup routed to a cause: ${routedOthers.length}/${others.length} (target 0).`);
  const misses = outcomes.filter((o) => o.route !== o.entry.expectedRoute);
  if (misses.length > 0) {
    lines.push('', 'Misses:');
    for (const m of misses) lines.push(`- ${m.entry.file}: expected ${m.entry.expectedRoute}, got ${m.route}${m.quote ? ` from "${m.quote}"` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
