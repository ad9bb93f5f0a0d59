/**
 * Downloads one URL in its own process and reports it on stdout as JSON: status, bytes, milliseconds and the SHA-256
 * of the body. The body is hashed and dropped chunk by chunk as it streams, never held. The scale bench runs the CSV
 * export through this so a 151 MB download is neither buffered nor parsed in the process that times a person's turns.
 *   DOWNLOAD_BEARER=<token> node dist/bench/download.js URL   (the token from the environment, not the command line)
 */
import { createHash } from 'node:crypto';

export interface Download {
  status: number;
  bytes: number;
  ms: number;
  sha256: string;
}

export async function download(url: string, bearer?: string): Promise<Download> {
  const started = performance.now();
  const response = await fetch(url, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  const hash = createHash('sha256');
  let bytes = 0;
  const reader = response.body?.getReader();
  for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) {
    bytes += next.value.byteLength;
    hash.update(next.value);
  }
  return { status: response.status, bytes, ms: performance.now() - started, sha256: hash.digest('hex') };
}

if (require.main === module) {
  const url = process.argv[2];
  const bearer = process.env.DOWNLOAD_BEARER;
  if (!url) {
    process.stderr.write('usage: [DOWNLOAD_BEARER=token] node dist/bench/download.js URL\n');
    process.exit(2);
  }
  download(url, bearer)
    .then((d) => process.stdout.write(`${JSON.stringify(d)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`download failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
