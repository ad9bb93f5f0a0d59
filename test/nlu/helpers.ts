/** Shared helpers for the NLU tests: fixture paths, a temp copy of the fixtures, the article's cause order. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURE_INTENTS = join(__dirname, 'fixtures', 'intents');
export const REPO_ROOT = join(__dirname, '..', '..');
export const CAUSE_ORDER = ['storage_full', 'network_unstable', 'apple_id', 'ios_outdated', 'network_settings', 'backup_corrupted', 'software_glitch'];

/** A fresh copy of the fixture intents in a temp dir (tests may break files in it). */
export function copyFixtures(): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'nlu-test-'));
  const dir = join(root, 'intents');
  cpSync(FIXTURE_INTENTS, dir, { recursive: true });
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
