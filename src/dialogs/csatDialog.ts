/**
 * CSAT: "Did I help?" once after a troubleshooting walk ends (fixed, or Apple Support reached), and "Did Sam help?"
 * once after a hand-off to an agent ends — with 👍 / 👎 buttons, free text understood too ("it was great" → 👍,
 * "no" / "not really" → 👎), then an optional one-line comment. A person who answers with something else (a new
 * problem, a question, "talk to a person") has skipped it: the message goes on to the dialogs as usual, and the
 * question is not asked again.
 *
 * Runs as a turn hook (TurnHooks.beforeTurn) so an answer is taken before the dialogs see the message; the main
 * dialog asks through `askAfterWalk` (a no-op when the survey is not installed, as in tests of other features).
 * Ratings go to a RatingSink (the analytics store); comments are masked with privacy/redact first.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { TurnHooks } from './turnHooks';
import type { DialogContent } from '../content/loadContent';
import type { Prompts } from '../content/schema';
import { fill } from '../content/template';
import type { TurnUnderstanding } from './turnUnderstanding';
import { redact } from '../privacy/redact';
import { withButtons } from './render';
import type { CsatPending, CsatScore, SessionState } from './session';
import { isTroubleshootingRoute } from './walkPlan';

export type { CsatPending, CsatScore, CsatState } from './session';

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

export interface RatingSink {
  recordRating(rating: CsatRecord): Promise<void>;
}

/** A "Did Sam help?" the hand-off desk asked when the agent ended the chat (kept by the desk, taken once). */
export interface PendingAgentRating {
  requestId: string;
  agentId: string;
  agentName: string;
  route: string | null;
}

export interface AgentRatingSource {
  takePendingRating(context: TurnContext): Promise<PendingAgentRating | undefined>;
}

export interface CsatSurveyDeps {
  prompts: Prompts;
  sink: RatingSink;
  /** True for a message that is a new problem or a question rather than an answer (it then skips the survey). */
  isNewProblem?: (understanding: TurnUnderstanding) => boolean;
  agentRatings?: AgentRatingSource;
  log?: { warn(fields: object, message?: string): void };
  now?: () => number;
}

/** Longest comment kept (characters). */
export const MAX_COMMENT_LENGTH = 300;
/** Longer free-text answers are not read as a rating. */
const MAX_RATING_WORDS = 8;

const TURN_KEY = Symbol('csatSurvey');

const NEGATIVE =
  /(👎|thumbs? ?down|^(no|nope|nah|not really|not at all|not much|not quite|not so much|meh)\b|\b(didn'?t|did not|doesn'?t|does not|wasn'?t|was not|not) (help|helpful|work|good|great|useful|really)|\b(useless|unhelpful|terrible|awful|horrible|bad|poor|rubbish|waste)\b)/u;
const POSITIVE =
  /(👍|thumbs? ?up|^(yes|yeah|yep|yup|ya|sure|definitely|absolutely|of course|indeed|ok|okay|fine)\b|\b(great|good|perfect|excellent|awesome|amazing|brilliant|fantastic|wonderful|helpful|helped|useful|nice|loved? it|thanks?|thank you|cheers|spot on|super)\b)/u;
const NO_COMMENT = /^(no|nope|nah|no thanks?|no thank you|nothing|none|skip|no comment|that'?s all|all good|n\/a)$/;

/** 👍 / 👎 from a button or free text; undefined when the message is not an answer to "Did I help?". */
export function interpretRating(text: string, prompts?: Prompts['csat']): CsatScore | undefined {
  const t = text.trim();
  if (prompts && t === prompts.up) return 'up';
  if (prompts && t === prompts.down) return 'down';
  const normalized = t.toLowerCase().replace(/[’`]/g, "'").replace(/[.!,;:]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!normalized || normalized.endsWith('?') || normalized.split(' ').length > MAX_RATING_WORDS) return undefined;
  if (NEGATIVE.test(normalized)) return 'down';
  if (POSITIVE.test(normalized)) return 'up';
  return undefined;
}

/**
 * "The person is starting something new": a question, a troubleshooting complaint the classifier is sure of, or a
 * call for a person — read from the turn's understanding (nothing is classified again).
 */
export function newProblemDetector(content: DialogContent, confidenceThreshold: number): (u: TurnUnderstanding) => boolean {
  return ({ nlu, questionKind, text }) => {
    if (questionKind !== 'none' || /\?\s*$/.test(text)) return true;
    return (isTroubleshootingRoute(content, nlu.route) && nlu.confidence >= confidenceThreshold) || nlu.intent === 'human_agent';
  };
}

/** The "Did Sam help?" message the desk sends when an agent ends the chat. */
export function agentRatingQuestion(prompts: Prompts, channelId: string | undefined, agentName: string) {
  return withButtons(channelId, fill(prompts.csat.askAgent, { agent: agentName }), [prompts.csat.up, prompts.csat.down]);
}

/**
 * Called by the main dialog when a walk ends: asks "Did I help?" (once per conversation) and returns true, or returns
 * false when the survey is not installed or was already asked (the dialog then says what it said before).
 */
export async function askAfterWalk(context: TurnContext, outcome: string): Promise<boolean> {
  const current = context.turnState.get(TURN_KEY) as { survey: CsatSurvey; session: SessionState } | undefined;
  if (!current || (outcome !== 'resolved' && outcome !== 'escalated')) return false;
  return current.survey.askBot(context, current.session, outcome === 'escalated');
}

export class CsatSurvey {
  private readonly now: () => number;

  constructor(private readonly deps: CsatSurveyDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The turn hook (put it before the hand-off relay: createBot adds that last). */
  hook(): TurnHooks {
    return { beforeTurn: (context, session, understanding) => this.beforeTurn(context, session, understanding) };
  }

  /** Asks "Did I help?" unless it was asked before in this conversation. After Apple Support, a person stays on offer. */
  async askBot(context: TurnContext, session: SessionState, escalated: boolean): Promise<boolean> {
    if (session.csat?.askedBot) return false;
    const { csat, buttons } = this.deps.prompts;
    session.csat = { askedBot: true, pending: { id: randomUUID(), subject: 'bot', route: session.route ?? null, stage: 'rating' } };
    await context.sendActivity(withButtons(context.activity.channelId, csat.askBot, escalated ? [csat.up, csat.down, buttons.human] : [csat.up, csat.down]));
    return true;
  }

  private async beforeTurn(context: TurnContext, session: SessionState, understanding?: TurnUnderstanding): Promise<boolean> {
    context.turnState.set(TURN_KEY, { survey: this, session });
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message) return false;
    let pending = session.csat?.pending;
    if (!pending && session.handoff && this.deps.agentRatings) {
      const asked = await this.deps.agentRatings.takePendingRating(context);
      if (asked) {
        pending = { id: randomUUID(), subject: 'agent', agentId: asked.agentId, agentName: asked.agentName, route: asked.route, stage: 'rating' };
        session.csat = { ...session.csat, pending };
      }
    }
    if (!pending) return false;
    const text = (activity.text ?? '').trim();
    // Whatever happens now, the question is not asked again.
    session.csat = { ...session.csat, pending: undefined };
    return pending.stage === 'rating' ? this.onRating(context, session, pending, text, understanding) : this.onComment(context, session, pending, text, understanding);
  }

  private async onRating(context: TurnContext, session: SessionState, pending: CsatPending, text: string, u?: TurnUnderstanding): Promise<boolean> {
    const prompts = this.deps.prompts.csat;
    const isButton = text === prompts.up || text === prompts.down;
    if (!isButton && u && this.deps.isNewProblem?.(u)) return false;
    const score = interpretRating(text, prompts);
    if (!score) return false; // skipped: the dialogs take the message as usual
    await this.record(context, pending, score);
    session.csat = { ...session.csat, pending: { ...pending, stage: 'comment', score } };
    await context.sendActivity(withButtons(context.activity.channelId, prompts.askComment, [prompts.noComment]));
    return true;
  }

  private async onComment(context: TurnContext, _session: SessionState, pending: CsatPending, text: string, u?: TurnUnderstanding): Promise<boolean> {
    const prompts = this.deps.prompts.csat;
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
