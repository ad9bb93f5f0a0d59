/**
 * Images in a message: the first is read (OCR, off the event loop) and the error on it becomes the message's text,
 * marked as read from an image (TurnInput origin 'image_text'), so the turn goes through the same understanding as a
 * typed message. The bot first says what it read; then the dialogs act on it (a walk, a reply at a step, or — during
 * a hand-off — the agent gets it). An image with no error on it, or one that cannot be read, gets a clear answer and
 * the invitation to describe the problem; a typed text sent with it is then read as usual. The image's bytes are
 * dropped when the text is read (the attachment is taken off the activity); nothing is written anywhere — except
 * during a hand-off: then the agent gets the image itself too (kept by the desk while the hand-off is open), and an
 * image with no error on it goes to the agent without the bot's answer.
 */
import type { Attachment, Middleware, TurnContext } from 'botbuilder';
import { ActivityTypes } from 'botbuilder';
import { fill } from '../../content/template';
import { markImageText } from '../../dialogs/turnUnderstanding';
import { errorFields, type Log } from '../../logging/log';
import type { ImageRefusal } from '../../ocr/imageCheck';
import type { ScreenshotReader } from '../../ocr/screenshotReader';
import type { ErrorTextFinder } from './errorText';
import { bytesOfAttachment, imageAttachmentsOf, type ImageFetchFailure, type ImageSource } from './imageAttachments';
import type { ScreenshotPrompts } from '../../content/loadScreenshotPrompts';
import type { Language } from '../../content/i18n/languages';
import { languageOfLocale } from '../../content/i18n/languages';
import { forwardImageToAgent } from '../../handoff/forwardedImage';
import { imageTypeOf, type KeptImage } from '../../handoff/handoffImages';

export interface ScreenshotMiddlewareDeps {
  reader: ScreenshotReader;
  finder: ErrorTextFinder;
  /** What the bot says about an image, in English or in each language (the message's locale's; the turn is not understood yet). */
  prompts: ScreenshotPrompts | ((language: Language) => ScreenshotPrompts);
  /** Where contentUrls are fetched from (only these; none: data: URIs only). */
  sources?: readonly ImageSource[];
  /** The hand-off desk: during a hand-off the image itself goes to the agent too (HandoffDesk fits). */
  handoff?: HandoffImageGate;
  log: Log;
}

/** Whether the conversation is in a hand-off, whose agent gets the image (HandoffDesk.takesImages). */
export interface HandoffImageGate {
  takesImages(context: TurnContext): Promise<boolean>;
}

/** Longest quote of the screenshot's text the bot repeats. */
const QUOTE_LIMIT = 300;

type ImageOutcome = { text: string } | { answer: keyof ScreenshotPrompts['refused'] | 'notAboutBackup' | 'noText' };
/** What reading an image gave, and the image itself when it is one the agent's console can show. */
type ImageRead = { outcome: ImageOutcome; image?: KeptImage };

export class ScreenshotMiddleware implements Middleware {
  constructor(private readonly deps: ScreenshotMiddlewareDeps) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    const images = activity.type === ActivityTypes.Message ? imageAttachmentsOf(activity) : [];
    if (images.length === 0) return next();
    const given = this.deps.prompts;
    const prompts = typeof given === 'function' ? given(languageOfLocale(activity.locale) ?? 'en') : given;
    if (images.length > 1) await context.sendActivity(fill(prompts.severalImages, { count: images.length }));
    const inHandoff = await this.inHandoff(context);
    const { outcome, image } = await this.readImage(context, images[0]!, inHandoff);
    // The image is not kept: off the activity (and so out of anything the turn stores) once read — unless the person
    // is in a hand-off: then it goes to the agent with the turn (HandoffDesk keeps it while the hand-off is open).
    activity.attachments = (activity.attachments ?? []).filter((a) => !images.includes(a));
    const forAgent = image !== undefined && inHandoff;
    if (forAgent) forwardImageToAgent(context, image);
    if ('text' in outcome) {
      await context.sendActivity(fill(prompts.quote, { text: quoteOf(outcome.text) }));
      activity.text = outcome.text;
      markImageText(context);
      return next();
    }
    // The agent sees the image itself: no "describe it" answer from the bot.
    if (forAgent) return next();
    await context.sendActivity(outcome.answer === 'notAboutBackup' || outcome.answer === 'noText' ? prompts[outcome.answer] : prompts.refused[outcome.answer]);
    // Words typed with the image are still the person's message.
    if (typeof activity.text === 'string' && activity.text.trim() !== '') return next();
  }

  /** `forAgent`: the person is in a hand-off, so the image the agent's console can show comes back too. */
  private async readImage(context: TurnContext, image: Attachment, forAgent: boolean): Promise<ImageRead> {
    const { reader, finder, log } = this.deps;
    try {
      const got = await bytesOfAttachment(image, context, this.deps.sources ?? [], reader.limits.maxBytes);
      if (!got.ok) return { outcome: { answer: fetchAnswer(got.failure) } };
      const reading = await reader.read(got.bytes, { displayCopy: forAgent });
      if (!reading.ok) {
        log.info({ refusal: reading.refusal }, 'image refused');
        return { outcome: { answer: refusalAnswer(reading.refusal) } };
      }
      const found = finder.find(reading.paragraphs);
      log.info({ ms: Math.round(reading.ms), width: reading.width, height: reading.height, route: found?.route ?? 'none' }, 'image read');
      const kept = keptImageOf(got.bytes, reading.displayJpeg);
      if (found) return { outcome: { text: found.text }, ...kept };
      return { outcome: { answer: reading.paragraphs.some((p) => /[a-z]{3}/i.test(p)) ? 'notAboutBackup' : 'noText' }, ...kept };
    } catch (error) {
      log.error({ err: errorFields(error) }, 'image could not be read');
      return { outcome: { answer: 'failed' } };
    }
  }

  /** The conversation is in a hand-off (a failed check: it is not; the image is dropped as usual). */
  private async inHandoff(context: TurnContext): Promise<boolean> {
    try {
      return (await this.deps.handoff?.takesImages(context)) ?? false;
    } catch (error) {
      this.deps.log.warn({ err: errorFields(error) }, 'image: the hand-off could not be checked; the image is not kept');
      return false;
    }
  }
}

/** The text as quoted: shortened, without its final full stop (the prompt closes the sentence). */
function quoteOf(text: string): string {
  text = text.replace(/\.$/, '');
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT - 1)}…` : text;
}

function fetchAnswer(failure: ImageFetchFailure): keyof ScreenshotPrompts['refused'] {
  return failure === 'too_big' ? 'tooBig' : 'unavailable';
}

function refusalAnswer(refusal: ImageRefusal): keyof ScreenshotPrompts['refused'] {
  const answers: Record<ImageRefusal, keyof ScreenshotPrompts['refused']> = {
    empty: 'corrupt',
    too_big: 'tooBig',
    too_many_pixels: 'tooManyPixels',
    unsupported_type: 'unsupportedType',
    corrupt: 'corrupt',
  };
  return answers[refusal];
}

/** What the agent's console shows: PNG/JPEG as sent, a HEIC as the reader's JPEG copy of it; nothing else. */
function keptImageOf(bytes: Buffer, displayJpeg: Buffer | undefined): { image?: KeptImage } {
  if (displayJpeg) return { image: { type: 'image/jpeg', bytes: displayJpeg } };
  const type = imageTypeOf(bytes);
  return type ? { image: { type, bytes } } : {};
}
