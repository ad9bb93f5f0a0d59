/**
 * POST /v3/directline/conversations/:id/upload (Web Chat's upload button): a multipart/form-data body with the
 * activity (part "activity", JSON) and the files. Read in memory with a byte limit (never written to disk) and parsed
 * by the platform's FormData (undici). The images go to the bot as data: URIs for its turn only; the activity kept
 * in the conversation (and echoed to the page) names the files without their contents.
 */
import type { Request } from 'restify';
import { isPlainObject } from '../../util/isPlainObject';

export interface UploadedFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

export type UploadParse = { ok: true; activity: Record<string, unknown>; files: UploadedFile[] } | { ok: false; status: 400 | 413 | 415; message: string };

/** At most this many files in one upload. */
const MAX_UPLOAD_FILES = 10;

/**
 * Browsers that do not know HEIC (Chrome on Windows and Linux) send a picked .heic file with no type (or as
 * application/octet-stream): its claim then comes from its name, so the bot takes it for an image (what it really is is still decided from its bytes).
 */
const TYPE_BY_EXTENSION: Record<string, string> = { heic: 'image/heic', heif: 'image/heif' };

function contentTypeOf(file: File): string {
  if (file.type && file.type !== 'application/octet-stream') return file.type;
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return TYPE_BY_EXTENSION[extension] ?? 'application/octet-stream';
}

/** The raw body, or 'too_big' once more than maxBytes arrived (the rest is not read). */
async function readRawBody(req: Request, maxBytes: number): Promise<Buffer | 'too_big'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return 'too_big';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return 'too_big';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function parseUpload(req: Request, maxBytes: number): Promise<UploadParse> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^multipart\/form-data;/i.test(type)) return { ok: false, status: 415, message: 'Uploads are multipart/form-data' };
  const body = await readRawBody(req, maxBytes);
  if (body === 'too_big') return { ok: false, status: 413, message: 'The upload is too large' };
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
  } catch {
    return { ok: false, status: 400, message: 'The upload is not valid multipart/form-data' };
  }
  let activity: Record<string, unknown> = { type: 'message' };
  const files: UploadedFile[] = [];
  // FormData is iterable (undici); the DOM iterable typings are not in this project's lib.
  for (const [name, value] of form as unknown as Iterable<[string, string | File]>) {
    if (typeof value === 'string') continue;
    if (name === 'activity') {
      const parsed = parseJson(await value.text());
      if (!isPlainObject(parsed)) return { ok: false, status: 400, message: 'The activity part must be a JSON object' };
      activity = parsed;
    } else {
      if (files.length >= MAX_UPLOAD_FILES) return { ok: false, status: 400, message: `At most ${MAX_UPLOAD_FILES} files per upload` };
      files.push({ name: value.name || 'file', contentType: contentTypeOf(value), bytes: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return { ok: true, activity, files };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What the conversation keeps about each file: its name and type, not its contents. */
export function storedAttachments(files: readonly UploadedFile[]): Array<{ contentType: string; name: string }> {
  return files.map((f) => ({ contentType: f.contentType, name: f.name.slice(0, 200) }));
}

/** What the bot gets for its turn: each file as a data: URI. */
export function attachmentsForBot(files: readonly UploadedFile[]): Array<{ contentType: string; name: string; contentUrl: string }> {
  return files.map((f) => ({ contentType: f.contentType, name: f.name.slice(0, 200), contentUrl: `data:${f.contentType};base64,${f.bytes.toString('base64')}` }));
}
