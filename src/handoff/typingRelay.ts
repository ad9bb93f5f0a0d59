/**
 * Typing relayed during a hand-off, both ways. Typing is not a message: it is never stored, logged with text, put in
 * a transcript or counted; it only shows, for a few seconds, on the other side.
 *   agent → person  POST /agent/api/requests/:id/typing (the agent connected to the request only) sends a `typing`
 *                   activity to the person's channel through the same proactive path as the agent's messages; at
 *                   most one per `minIntervalMs` per request on this instance (the console also sends at most one
 *                   per ~2.5 s while keys are pressed).
 *   person → agent  a `typing` activity from a person whose hand-off is active becomes a `typing` event on the
 *                   event stream of their agent's console (ConsoleEvents: every instance hears it). Typing activities
 *                   never reach the bot's turn logic: outside a hand-off they are dropped (no reply, no state, no analytics).
 */
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { errorFields, type Log } from '../logging/log';
import { conversationKeyOf } from '../util/conversationKey';
import type { ConsoleEvents } from './consoleEvents';
import type { HandoffDesk } from './handoffDesk';
import type { PersonChannel } from './personChannel';
import { failureOf, ownership, type DeskFailure, type HandoffAgent } from './types';

export interface TypingRelayDeps {
  desk: Pick<HandoffDesk, 'get' | 'openRequestFor'>;
  channel: PersonChannel;
  events: Pick<ConsoleEvents, 'publishTyping'>;
  log: Log;
  /** Least time between two typing activities sent to one person. Default 2000 ms. */
  minIntervalMs?: number;
  now?: () => number;
}

/** `relayed`: a typing activity went to the person (false: one went less than minIntervalMs ago). */
export type AgentTypingResult = { ok: true; relayed: boolean } | { ok: false; reason: DeskFailure };

/** Requests remembered for throttling (the oldest are forgotten beyond this). */
const MAX_REMEMBERED = 10_000;

export class TypingRelay {
  private readonly lastSent = new Map<string, number>();
  private readonly minIntervalMs: number;
  private readonly now: () => number;

  constructor(private readonly deps: TypingRelayDeps) {
    this.minIntervalMs = deps.minIntervalMs ?? 2000;
    this.now = deps.now ?? Date.now;
  }

  /** The agent is typing a reply in the console: the person sees the typing indicator (throttled). */
  async fromAgent(requestId: string, agent: HandoffAgent): Promise<AgentTypingResult> {
    const request = await this.deps.desk.get(requestId);
    if (!request) return { ok: false, reason: 'not_found' };
    if (ownership(request, agent) !== 'ok') return { ok: false, reason: failureOf(request, agent) };
    const at = this.now();
    if (at - (this.lastSent.get(requestId) ?? Number.NEGATIVE_INFINITY) < this.minIntervalMs) return { ok: true, relayed: false };
    this.remember(requestId, at);
    try {
      await this.deps.channel.send(request, [{ type: ActivityTypes.Typing }]);
      return { ok: true, relayed: true };
    } catch (error) {
      this.deps.log.warn({ err: errorFields(error), requestId }, 'hand-off: typing could not be relayed to the person');
      return { ok: false, reason: 'undelivered' };
    }
  }

  /** The agent sent their message (or the hand-off ended): the next keystroke shows typing again at once. */
  forget(requestId: string): void {
    this.lastSent.delete(requestId);
  }

  /** Adapter middleware: takes every `typing` activity out of the turn pipeline, relaying a hand-off's to its agent. */
  get middleware(): Middleware {
    return {
      onTurn: async (context, next) => {
        if (context.activity.type !== ActivityTypes.Typing) return next();
        await this.fromPerson(context);
      },
    };
  }

  private async fromPerson(context: TurnContext): Promise<void> {
    try {
      const request = await this.deps.desk.openRequestFor(conversationKeyOf(context.activity));
      if (request?.state !== 'active' || !request.agent || request.agent.kind !== 'console') return;
      // Only the person themselves: never the bot's own typing echoed back, nor anyone else in a group conversation.
      if (context.activity.from?.id !== request.reference.user?.id) return;
      this.deps.events.publishTyping({ requestId: request.id, agentId: request.agent.id });
    } catch (error) {
      this.deps.log.warn({ err: errorFields(error) }, 'hand-off: a person\'s typing could not be relayed');
    }
  }

  private remember(requestId: string, at: number): void {
    this.lastSent.delete(requestId);
    this.lastSent.set(requestId, at);
    if (this.lastSent.size > MAX_REMEMBERED) this.lastSent.delete(this.lastSent.keys().next().value!);
  }
}
