/**
 * npm run screenshots:render — renders the held-out screenshot set (test/fixtures/screenshots/) with the system
 * Chromium: every backup screen in light and dark mode, on three phone sizes, at two text sizes, plus ten images that
 * are not about backup; saved as JPEG (quality 80, as phones share them) with manifest.json (file → kind, route).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BACKUP_SCREENS, OTHER_SCREENS, type Screen, type Theme } from './screenshots/screens';
import type { ManifestEntry } from '../src/channels/images/screenshotEval';

// Compiled to dist/scripts/: the repository is two folders up.
export const SCREENSHOTS_DIR = join(__dirname, '..', '..', 'test', 'fixtures', 'screenshots');
const OUT = SCREENSHOTS_DIR;
const PHONES = [
  { name: 'se', width: 375, height: 667, scale: 2 },
  { name: '15', width: 393, height: 852, scale: 3 },
  { name: 'promax', width: 430, height: 932, scale: 3 },
];

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const manifest: ManifestEntry[] = [];
  try {
    for (const phone of PHONES) {
      const context = await browser.newContext({ viewport: { width: phone.width, height: phone.height }, deviceScaleFactor: phone.scale });
      const page = await context.newPage();
      const render = async (screen: Screen, theme: Theme, file: string): Promise<void> => {
        await page.setContent(screen.html(theme));
        writeFileSync(join(OUT, file), await page.screenshot({ type: 'jpeg', quality: 80 }));
        manifest.push({ file, kind: screen.kind, expectedRoute: screen.expectedRoute, dark: theme.dark, phone: phone.name, textPx: theme.textPx });
      };
      for (const screen of BACKUP_SCREENS) {
        for (const dark of [false, true]) {
          for (const textPx of [17, 21]) await render(screen, { dark, textPx }, `${screen.kind}-${dark ? 'dark' : 'light'}-${phone.name}-${textPx}.jpg`);
        }
      }
      // The ten others once each, on the middle phone.
      if (phone.name === '15') for (const screen of OTHER_SCREENS) await render(screen, { dark: false, textPx: 17 }, `${screen.kind}.jpg`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  writeFileSync(join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  process.stdout.write(`${manifest.length} screenshots in ${OUT}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
