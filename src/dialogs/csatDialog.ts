/**
 * CSAT: "Did I help?" once after a troubleshooting walk ends (fixed, or Apple Support reached), and "Did Sam help?"
 * once after a hand-off to an agent ends — with 👍 / 👎 buttons, free text understood too ("it was great" → 👍,
 * "no" / "not really" → 👎), then an optional one-line comment. A person who answers with something else (a new
 * problem, a question, "talk to a person") has skipped it: the message goes on to the dialogs as usual, and the
 * question is not asked again.
 *
 * A dialog (CsatDialog) on the main dialog's stack: the main dialog begins it when a walk ends (CsatSurvey.askBot) or
 * when the person's first message after a hand-off finds "Did Sam help?" pending (CsatSurvey.takeAgentRating); help,
 * cancel and "talk to a person" still work first. Without a survey (tests of other features) nothing is asked.
 * Ratings go to a RatingSink (the analytics store); comments are masked with privacy/redact first.
 */
import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { randomUUID } from 'node:crypto';
import type { DialogContent } from '../content/loadContent';
import type { Language } from '../content/i18n/languages';
import type { Prompts } from '../content/schema';
import { fill } from '../content/template';
import { languageOf, understandingOf, type TurnUnderstanding } from './turnUnderstanding';
import { redact } from '../privacy/redact';
import { withButtons } from './render';
import type { CsatPending, CsatScore, SessionState } from './session';
import { isTroubleshootingRoute } from './walkPlan';

export type { CsatPending, CsatScore } from './session';

/** What is recorded (the analytics store's CsatRating fits). */
export interface CsatRecord {
  id: string;
  at: number;
  channelId: string;
  conversationId: string;
  subject: 'bot' | 'agent';
  route: string | null;
  agentId?: string;
  agentName?: string;
  score: CsatScore;
  comment?: string;
}

interface RatingSink {
  recordRating(rating: CsatRecord): Promise<void>;
}

/** A "Did Sam help?" the hand-off desk asked when the agent ended the chat (kept by the desk, taken once). */
export interface PendingAgentRating {
  requestId: string;
  agentId: string;
  agentName: string;
  route: string | null;
}

interface AgentRatingSource {
  takePendingRating(context: TurnContext): Promise<PendingAgentRating | undefined>;
}

export interface CsatSurveyDeps {
  /** The prompts of a language (the survey speaks the turn's). */
  prompts: (language: Language) => Prompts;
  sink: RatingSink;
  /** True for a message that is a new problem or a question rather than an answer (it then skips the survey). */
  isNewProblem?: (understanding: TurnUnderstanding) => boolean;
  agentRatings?: AgentRatingSource;
  log?: { warn(fields: object, message?: string): void };
  now?: () => number;
}

/** Longest comment kept (characters). */
const MAX_COMMENT_LENGTH = 300;
/** Longer free-text answers are not read as a rating. */
const MAX_RATING_WORDS = 8;

const NEGATIVE =
  /(👎|thumbs? ?down|^(no|nope|nah|not really|not at all|not much|not quite|not so much|meh)\b|\b(didn'?t|did not|doesn'?t|does not|wasn'?t|was not|not) (help|helpful|work|good|great|useful|really)|\b(useless|unhelpful|terrible|awful|horrible|bad|poor|rubbish|waste)\b)/u;
const POSITIVE =
  /(👍|thumbs? ?up|^(yes|yeah|yep|yup|ya|sure|definitely|absolutely|of course|indeed|ok|okay|fine)\b|\b(great|good|perfect|excellent|awesome|amazing|brilliant|fantastic|wonderful|helpful|helped|useful|nice|loved? it|thanks?|thank you|cheers|spot on|super)\b)/u;
const NO_COMMENT = /^(no|nope|nah|no thanks?|no thank you|nothing|none|skip|no comment|that'?s all|all good|n\/a)$/;

/** A score on a scale: "5 stars", "4/5", "8 out of 10", "⭐⭐⭐⭐" (out of 5). */
const SCORE_OUT_OF = /^(\d{1,2}(?:[.,]\d)?)\s*(?:\/|out of|of)\s*(5|10)\b/u;
const SCORE_STARS = /^(\d(?:[.,]\d)?)\s*(?:stars?|⭐+|🌟+)/u;
const STAR_EMOJI = /^(?:⭐|🌟)+$/u;

/** A score given instead of 👍 / 👎, as a share of the scale's top (0..1); undefined when the text gives none. */
function scoreShare(normalized: string): number | undefined {
  const outOf = SCORE_OUT_OF.exec(normalized);
  if (outOf) return Number(outOf[1]!.replace(',', '.')) / Number(outOf[2]);
  const stars = SCORE_STARS.exec(normalized);
  if (stars) return Number(stars[1]!.replace(',', '.')) / 5;
  const compact = normalized.replace(/\s+/g, '');
  return STAR_EMOJI.test(compact) ? [...compact].length / 5 : undefined;
}

/**
 * 👍 / 👎 from a button or free text; undefined when the message is not an answer to "Did I help?". A score ("5 stars",
 * "4/5", "⭐⭐⭐") counts as 👍 above half the scale, 👎 at half or below.
 */
export function interpretRating(text: string, prompts?: Prompts['csat']): CsatScore | undefined {
  const t = text.trim();
  if (prompts && t === prompts.up) return 'up';
  if (prompts && t === prompts.down) return 'down';
  const normalized = t.toLowerCase().replace(/[’`]/g, "'").replace(/[!,;:]+/g, ' ').replace(/\.(?!\d)/g, ' ').replace(/\s+/g, ' ').trim();
  if (!normalized || normalized.endsWith('?') || normalized.split(' ').length > MAX_RATING_WORDS) return undefined;
  const share = scoreShare(normalized);
  if (share !== undefined && share <= 1) return share > 0.5 ? 'up' : 'down';
  if (NEGATIVE.test(normalized)) return 'down';
  if (POSITIVE.test(normalized)) return 'up';
  return undefined;
}

/**
 * "The person is starting something new": a question, a troubleshooting complaint the classifier is sure of, or a
 * call for a person (that the act reader does not contradict) — read from the turn's understanding (nothing is
 * classified again).
 */
export function newProblemDetector(content: DialogContent, confidenceThreshold: number): (u: TurnUnderstanding) => boolean {
  return ({ nlu, questionKind, text, act }) => {
    if (questionKind !== 'none' || /\?\s*$/.test(text)) return true;
    return (isTroubleshootingRoute(content, nlu.route) && nlu.confidence >= confidenceThreshold) || (nlu.intent === 'human_agent' && actAsksForPerson(act, text));
  };
}

/** How sure the act reader must be of a call for a person to skip an answer that reads as a rating. */
const SURE_PERSON = 0.8;

/**
 * The intent classifier's "person" counts when the dialog act does not say otherwise, as for the global commands in a
 * dialog (ReplyInterpreter.globalCommand): "not really, it just sent me to apple" (intent human_agent 0.82, no act
 * human, or an unsure one) is a 👎 with its reason, not a call for a person. A message that reads as a rating is a
 * rating unless the act reader is sure a person is asked for ("no, get me a human").
 */
function actAsksForPerson(act: TurnUnderstanding['act'], text: string): boolean {
  if (!act) return true;
  if (act.parts.some((p) => p.act === 'human' && p.confidence >= SURE_PERSON)) return true;
  const unsure = act.act === 'unknown' || act.confidence < SURE_PERSON;
  return unsure && interpretRating(text) === undefined;
}

/** The "Did Sam help?" message the desk sends when an agent ends the chat. */
export function agentRatingQuestion(prompts: Prompts, channelId: string | undefined, agentName: string) {
  return withButtons(channelId, fill(prompts.csat.askAgent, { agent: agentName }), [prompts.csat.up, prompts.csat.down]);
}

/** The CSAT dialog's id (a child of the main dialog). */
export const CSAT_DIALOG = 'csat';

/** How a CSAT dialog ended: `taken` false when the message was not an answer (the main dialog then handles it). */
export interface CsatResult {
  csat: true;
  taken: boolean;
}

interface CsatDialogState {
  pending: CsatPending;
}

/**
 * "Did I help?" / "Did Sam help?" as a dialog on the main dialog's stack: begun with the question already asked (by
 * CsatSurvey.askBot, or by the hand-off desk when an agent ended the chat), it takes the rating and the optional
 * comment from the turn's understanding, and ends — `taken: false` when the person moved on instead of answering.
 */
export class CsatDialog extends Dialog<CsatDialogState> {
  constructor(private readonly survey: CsatSurvey) {
    super(CSAT_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: CsatDialogState): Promise<DialogTurnResult> {
    if (!options) throw new Error('CsatDialog needs the question asked');
    dc.activeDialog!.state.pending = options.pending;
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const pending = dc.activeDialog!.state.pending as CsatPending;
    const understanding = understandingOf(dc.context);
    const text = understanding?.text ?? (dc.context.activity.text ?? '').trim();
    const reply = await this.survey.reply(dc.context, pending, text, understanding);
    if (reply.next) {
      dc.activeDialog!.state.pending = reply.next;
      return Dialog.EndOfTurn;
    }
    return dc.endDialog({ csat: true, taken: reply.taken } satisfies CsatResult);
  }
}

export class CsatSurvey {
  private readonly now: () => number;

  constructor(private readonly deps: CsatSurveyDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Asks "Did I help?" unless it was asked before in this conversation, and returns the question to wait on (begin a
   * CsatDialog with it). After Apple Support, a person stays on offer.
   */
  async askBot(context: TurnContext, session: SessionState, escalated: boolean): Promise<CsatPending | undefined> {
    if (session.csat?.askedBot) return undefined;
    const { csat, buttons } = this.deps.prompts(languageOf(context));
    session.csat = { askedBot: true };
    await context.sendActivity(withButtons(context.activity.channelId, csat.askBot, escalated ? [csat.up, csat.down, buttons.human] : [csat.up, csat.down]));
    return { id: randomUUID(), subject: 'bot', route: session.route ?? null, stage: 'rating' };
  }

  /** "Did Sam help?" asked by the hand-off desk when the agent ended the chat, taken once (undefined: none pending). */
  async takeAgentRating(context: TurnContext, session: SessionState): Promise<CsatPending | undefined> {
    if (!session.handoff || !this.deps.agentRatings) return undefined;
    const asked = await this.deps.agentRatings.takePendingRating(context);
    return asked ? { id: randomUUID(), subject: 'agent', agentId: asked.agentId, agentName: asked.agentName, route: asked.route, stage: 'rating' } : undefined;
  }

  /** A reply to the pending question: the next question to wait on (the comment), or done (`taken`: it was an answer). */
  async reply(context: TurnContext, pending: CsatPending, text: string, u?: TurnUnderstanding): Promise<{ next?: CsatPending; taken: boolean }> {
    if (pending.stage === 'rating') {
      const score = await this.onRating(context, pending, text, u);
      return score ? { next: { ...pending, stage: 'comment', score }, taken: true } : { taken: false };
    }
    return { taken: await this.onComment(context, pending, text, u) };
  }

  private async onRating(context: TurnContext, pending: CsatPending, text: string, u?: TurnUnderstanding): Promise<CsatScore | undefined> {
    const prompts = this.deps.prompts(languageOf(context)).csat;
    const isButton = text === prompts.up || text === prompts.down;
    if (!isButton && u && this.deps.isNewProblem?.(u)) return undefined;
    const score = interpretRating(text, prompts);
    if (!score) return undefined; // skipped: the main dialog takes the message as usual
    await this.record(context, pending, score);
    await context.sendActivity(withButtons(context.activity.channelId, prompts.askComment, [prompts.noComment]));
    return score;
  }

  private async onComment(context: TurnContext, pending: CsatPending, text: string, u?: TurnUnderstanding): Promise<boolean> {
    const prompts = this.deps.prompts(languageOf(context)).csat;
    const normalized = text.toLowerCase().replace(/[.!]+$/, '').trim();
    if (normalized === prompts.noComment.toLowerCase() || NO_COMMENT.test(normalized)) {
      await context.sendActivity(prompts.thanks);
      return true;
    }
    if (!text || (u && this.deps.isNewProblem?.(u))) return false;
    const comment = redact(text.replace(/\s+/g, ' ')).slice(0, MAX_COMMENT_LENGTH);
    await this.record(context, pending, pending.score ?? 'up', comment);
    await context.sendActivity(prompts.thanks);
    return true;
  }

  private async record(context: TurnContext, pending: CsatPending, score: CsatScore, comment?: string): Promise<void> {
    const rating: CsatRecord = {
      id: pending.id,
      at: this.now(),
      channelId: context.activity.channelId,
      conversationId: context.activity.conversation?.id ?? '',
      subject: pending.subject,
      route: pending.route,
      ...(pending.agentId ? { agentId: pending.agentId } : {}),
      ...(pending.agentName ? { agentName: pending.agentName } : {}),
      score,
      ...(comment ? { comment } : {}),
    };
    try {
      await this.deps.sink.recordRating(rating);
    } catch (error) {
      // A rating never breaks the conversation.
      this.deps.log?.warn({ error: error instanceof Error ? error.message : String(error) }, 'csat: could not record a rating');
    }
  }
}
