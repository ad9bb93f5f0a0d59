import { existsSync } from 'node:fs';
import path from 'node:path';

/** public/ of this repository (walks up from src/http or dist/src/http). */
export function defaultPublicDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'public');
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    dir = path.dirname(dir);
  }
  return path.resolve('public');
}
