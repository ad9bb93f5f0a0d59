/**
 * The images of a message activity and their bytes. An attachment counts as an image when it says so (contentType
 * image/*, or a data:image/… URI); what it really is is decided later from its bytes (ocr/imageCheck.ts), never from
 * this claim. Bytes come from a data: URI (the Bot Framework Emulator's way) or, for a contentUrl, from an
 * ImageSource that knows the URL (the built-in Direct Line's uploads, the Teams/Bot Framework hosts): the server
 * never fetches an address a person chose.
 */
import type { Activity, Attachment, TurnContext } from 'botbuilder';

export type ImageFetchFailure = 'too_big' | 'unavailable';
export type ImageBytes = { ok: true; bytes: Buffer } | { ok: false; failure: ImageFetchFailure };

/** Gives the bytes of a contentUrl it recognises (undefined: not one of its URLs). */
export interface ImageSource {
  bytesOf(url: string, context: TurnContext, maxBytes: number): Promise<ImageBytes | undefined>;
}

const DATA_URI = /^data:([^;,]*)(;[^,]*)?,/i;

/** The attachments that claim to be images, in order. */
export function imageAttachmentsOf(activity: Partial<Activity>): Attachment[] {
  return (activity.attachments ?? []).filter((a) => {
    if (typeof a !== 'object' || a === null) return false;
    const type = typeof a.contentType === 'string' ? a.contentType.toLowerCase() : '';
    const url = typeof a.contentUrl === 'string' ? a.contentUrl : '';
    return type.startsWith('image/') || /^data:image\//i.test(url);
  });
}

/** The bytes of a data: URI (base64 or percent-encoded), refusing before decoding when it would exceed maxBytes. */
function bytesOfDataUri(uri: string, maxBytes: number): ImageBytes {
  const header = DATA_URI.exec(uri);
  if (!header) return { ok: false, failure: 'unavailable' };
  const payload = uri.slice(header[0].length);
  const base64 = /;base64/i.test(header[2] ?? '');
  const decodedSize = base64 ? Math.floor((payload.length * 3) / 4) : payload.length;
  if (decodedSize > maxBytes + 3) return { ok: false, failure: 'too_big' };
  const bytes = base64 ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'latin1');
  if (bytes.length > maxBytes) return { ok: false, failure: 'too_big' };
  return { ok: true, bytes };
}

/** The bytes of one image attachment: inline, a data: URI, or a contentUrl one of the sources knows. */
export async function bytesOfAttachment(attachment: Attachment, context: TurnContext, sources: readonly ImageSource[], maxBytes: number): Promise<ImageBytes> {
  const url = typeof attachment.contentUrl === 'string' ? attachment.contentUrl : '';
  if (/^data:/i.test(url)) return bytesOfDataUri(url, maxBytes);
  if (/^https?:\/\//i.test(url)) {
    for (const source of sources) {
      const got = await source.bytesOf(url, context, maxBytes);
      if (got) return got;
    }
  }
  // Any other URL (file:, a host nobody vouches for) is not fetched.
  return { ok: false, failure: 'unavailable' };
}
