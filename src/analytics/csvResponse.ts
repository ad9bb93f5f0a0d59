/**
 * The CSV export's HTTP response: chunked, each chunk written when the client has taken the previous one, and paced so
 * the export never holds the event loop for long stretches. A person's turn is several steps (reading the request,
 * state, understanding, writing); when the export ran flat out each step queued behind a page, and a turn waited ~0.9 s
 * during a month's export (1,000,000 conversations). Resting after each page as long as the page took leaves the loop
 * free at least half the time, so a turn's steps run between pages; the export takes about twice as long.
 */
import type { Response } from 'restify';
import { errorFields, type Log } from '../logging/log';
import { sendError } from '../http/http';
import { Pacer } from './summaryReads';

/** The share of the event loop the export may take while it runs. */
const EXPORT_LOOP_SHARE = 0.5;

/**
 * Yields `chunks`, resting before each in proportion to the time producing it took (wall time, which includes the
 * store's round trips: on Redis the export slows a little more than needed, never less), so that producing the chunks
 * takes at most about `share` of the event loop. Time the consumer spends (writing, waiting for the client) is not counted.
 */
export async function* pacedChunks(chunks: AsyncIterable<string>, share = EXPORT_LOOP_SHARE): AsyncGenerator<string> {
  const pacer = new Pacer(share);
  for await (const chunk of chunks) {
    await pacer.rest();
    yield chunk;
    pacer.begin();
  }
}

/** Resolves when the response can take more, or is closed. */
function drained(res: Response): Promise<void> {
  return new Promise<void>((resolve) => (res.destroyed ? resolve() : res.once('drain', resolve).once('close', resolve)));
}

/** Sends the chunks as a CSV attachment named `fileName` (200 once the first chunk is ready; 500 if none could be read). */
export async function sendCsv(res: Response, chunks: AsyncIterable<string>, fileName: string, log: Log): Promise<void> {
  let started = false;
  try {
    for await (const chunk of pacedChunks(chunks)) {
      if (!started) {
        res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${fileName}"`, 'Cache-Control': 'no-store' });
        started = true;
      }
      if (res.destroyed) break;
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  } catch (err) {
    log.error({ err: errorFields(err) }, 'admin: export failed');
    if (!started) sendError(res, 500, 'InternalError', 'The export could not be read');
    else res.destroy(err instanceof Error ? err : undefined);
  }
}
