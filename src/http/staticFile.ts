/** The files of a page served from public/ (the operators' /admin page, the agents' /agent console). */
import { readFile } from 'node:fs/promises';
import type { Response } from 'restify';
import { sendError } from './http';

export interface StaticFile {
  /** Absolute path of the file. */
  path: string;
  /** Content-Type. */
  type: string;
  /** Content-Security-Policy header, when the file gets one. */
  contentSecurityPolicy?: string;
}

/** Sends the file (no-cache, its CSP when given); 500 AssetMissing with `missingMessage` when it cannot be read. */
export async function sendStaticFile(res: Response, file: StaticFile, missingMessage: string): Promise<void> {
  try {
    const body = await readFile(file.path);
    res.writeHead(200, {
      'Content-Type': file.type,
      'Content-Length': String(body.length),
      'Cache-Control': 'no-cache',
      ...(file.contentSecurityPolicy ? { 'Content-Security-Policy': file.contentSecurityPolicy } : {}),
    });
    res.end(body);
  } catch {
    sendError(res, 500, 'AssetMissing', missingMessage);
  }
}
