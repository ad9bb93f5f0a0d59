/**
 * An image the person sent during their hand-off, kept for the agent (handoffImages.ts) in the request's next free
 * slot; none left, or the request closed: only its text reaches the agent. The slot is taken before the image is
 * written, and the image is written before the message that names it; one written as the request closed is deleted
 * again, so a closed request never leaves an image behind.
 */
import type { TurnContext } from 'botbuilder';
import type { Log } from '../logging/log';
import { redact } from '../privacy/redact';
import { conversationKeyOf } from '../util/conversationKey';
import { forwardedImageOf } from './forwardedImage';
import { MAX_IMAGES_PER_REQUEST, type KeptImage } from './handoffImages';
import type { HandoffRepository } from './handoffRepository';
import { isOpen, type HandoffImageRef, type HandoffMessage, type HandoffRequest } from './types';

/** The person's message for the agent (masked), with the turn's forwarded image (forwardedImage.ts) kept, if any. */
export async function personMessage(repo: HandoffRepository, request: HandoffRequest, context: TurnContext, text: string, at: string, log: Log): Promise<HandoffMessage> {
  const forwarded = forwardedImageOf(context);
  const image = forwarded ? await keepImageForAgent(repo, request, forwarded, at, log) : undefined;
  return { from: 'person', text: redact(text || (forwarded ? '(an image)' : '(an attachment)')), at, ...(image ? { image } : {}) };
}

async function keepImageForAgent(repo: HandoffRepository, request: HandoffRequest, image: KeptImage, at: string, log: Log): Promise<HandoffImageRef | undefined> {
  let slot = -1;
  const reserved = await repo.updateRequest(request.id, (r) => {
    const taken = r.imageSlots ?? 0;
    if (!isOpen(r.state) || taken >= MAX_IMAGES_PER_REQUEST) return undefined;
    slot = taken;
    return { ...r, imageSlots: taken + 1 };
  });
  if (!reserved.changed) {
    log.info({ requestId: request.id }, 'hand-off: image not kept (the request is closed or has all its images)');
    return undefined;
  }
  await repo.images.put(request.id, slot, image, at);
  const now = await repo.getRequest(request.id);
  if (!now || !isOpen(now.state)) {
    await repo.images.deleteAll(request.id);
    return undefined;
  }
  return { slot, type: image.type, bytes: image.bytes.length };
}

/**
 * The gate the screenshot middleware asks: is this conversation in a hand-off (waiting or active) whose agent can see
 * images? Not without the console (nobody could view them), nor with an external hub's agent: then the image is
 * dropped after OCR as outside a hand-off.
 */
export function handoffImageGate(desk: { readonly consoleEnabled: boolean; openRequestFor(conversationKey: string): Promise<HandoffRequest | undefined> }) {
  return {
    takesImages: async (context: TurnContext): Promise<boolean> => {
      if (!desk.consoleEnabled) return false;
      const request = await desk.openRequestFor(conversationKeyOf(context.activity));
      return request !== undefined && request.agent?.kind !== 'hub';
    },
  };
}
