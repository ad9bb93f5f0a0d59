/**
 * The hand-off desk (one per server instance, shared by every conversation; HandoffStarter starts a request in the
 * person's turn, the desk keeps it): the queue of people waiting for a human, and the routing between them and the agents.
 *
 * - A person's request (from HandoffStarter.start, in their turn) is queued with the context the bot learned and the
 *   ConversationReference of their conversation. With the console on and no agent signed in, they are told at once
 *   that nobody is available (with Apple Support's contacts); otherwise after `acceptTimeoutMs` without an accept.
 *   Either way the request stays queued until they say "cancel".
 * - An agent accepts (one agent only: the claim is an eTag-conditional write, see HandoffRepository), chats, and ends.
 *   The person hears about it through proactive messages (PersonChannel).
 * - While a request is open, the person's messages are relayed here (relayHook.ts) instead of reaching the dialogs.
 * - External contact-centre hubs answer `handoff.initiate` with `handoff.status` events (accepted/failed/completed).
 * All state lives in storage, so a restart or another instance carries on with the same queue and pairings.
 */
import { randomUUID } from 'node:crypto';
import { ActivityTypes, TurnContext, type Activity, type Storage } from 'botbuilder';
import type { DialogContent } from '../content/loadContent';
import type { Language } from '../content/i18n/languages';
import { LocalizedContent } from '../content/localizedContent';
import { fill } from '../content/template';
import { agentRatingQuestion, type PendingAgentRating } from '../dialogs/csatDialog';
import { withButtons } from '../dialogs/render';
import type { SessionState } from '../dialogs/session';
import { languageOf, type TurnUnderstanding } from '../dialogs/turnUnderstanding';
import { redact } from '../privacy/redact';
import { errorFields, silentLog, type Log } from '../logging/log';
import { HandoffRepository } from './handoffRepository';
import type { PersonChannel } from './personChannel';
import { appendMessage, failureOf, isOpen, MAX_AGENT_MESSAGE_LENGTH, ownership, type DeskFailure, type HandoffAgent, type HandoffContext, type HandoffMessage, type HandoffRequest, type HandoffState } from './types';
import { LeaveQueueDetector } from './leaveQueue';
import { personMessage } from './keepImage';
import { conversationKeyOf } from '../util/conversationKey';
import { isPlainObject } from '../util/isPlainObject';

interface HandoffDeskOptions {
  /** The built-in agent console is on (AGENT_KEY set). With no agent signed in, a person is told so at once. */
  consoleEnabled: boolean;
  /** A waiting person is told nobody answered (with Apple Support's contacts) after this long without an accept. */
  acceptTimeoutMs: number;
  /** An agent counts as signed in while their console checked in within this time. Default 30 s. */
  presenceTtlMs?: number;
  /** How often waiting requests are checked against the timeout. Default 1000 ms; 0 = only when checkTimeouts() is called. */
  sweepIntervalMs?: number;
  /** Ask "Did Sam help?" (CSAT, see src/dialogs/csatDialog.ts) when an agent ends the chat, instead of "anything else?". */
  askRating?: boolean;
}

export interface HandoffDeskDeps {
  storage: Storage;
  /** The English content (the reference). */
  content: DialogContent;
  /** Every language's content: each person is told in their language (the request's). Without it: English. */
  localized?: LocalizedContent;
  options: HandoffDeskOptions;
  log?: Log;
  now?: () => number;
  /** This server instance (for routing proactive messages to the instance holding a local conversation). */
  instanceId?: string;
  /** The words that leave the queue (intents/replies.yaml leaveQueue); default: this repository's. */
  leaveQueueWords?: RegExp;
  /** Recognises "leave the queue" beyond those words (e.g. the classifier's cancel intent). */
  isLeaveQueue?: (text: string) => boolean;
  /** Hears of every request created or changed (ConsoleEvents pushes it to the agent consoles). */
  onChange?: (request: HandoffRequest) => void;
  /** Where proactive messages to people go (the adapter, through AdapterPersonChannel). Without one they fail. */
  personChannel?: PersonChannel;
}

export type DeskResult = { ok: true; request: HandoffRequest } | { ok: false; reason: DeskFailure; request?: HandoffRequest };


export class HandoffDesk {
  readonly repo: HandoffRepository;
  readonly instanceId: string;
  private readonly log: Log;
  private readonly now: () => number;
  private readonly presenceTtlMs: number;
  private readonly channel: PersonChannel | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;

  private readonly leaveQueue: LeaveQueueDetector;

  private readonly contents: LocalizedContent;

  constructor(private readonly deps: HandoffDeskDeps) {
    this.contents = deps.localized ?? LocalizedContent.english({ dialog: deps.content });
    this.leaveQueue = new LeaveQueueDetector(this.contents, deps.leaveQueueWords, deps.isLeaveQueue);
    this.repo = new HandoffRepository(deps.storage, deps.onChange);
    this.instanceId = deps.instanceId ?? randomUUID();
    this.log = deps.log ?? silentLog;
    this.now = deps.now ?? Date.now;
    this.presenceTtlMs = deps.options.presenceTtlMs ?? 30_000;
    this.channel = deps.personChannel;
  }

  get consoleEnabled(): boolean {
    return this.deps.options.consoleEnabled;
  }

  /** Prepares the queue in storage and starts the accept-timeout check. */
  async start(): Promise<void> {
    await this.repo.ensureIndex();
    const interval = this.deps.options.sweepIntervalMs ?? 1000;
    if (interval > 0 && !this.timer) {
      this.timer = setInterval(() => void this.sweep(), interval);
      this.timer.unref();
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  // ---- the person's side (inside their turns) -------------------------------------------------------------

  /**
   * Queues the conversation of `context` for a human (or returns its open request). `agentsOnline` is how many
   * console agents are signed in; with the console on and none, the request is marked as told "nobody available".
   */
  async request(context: TurnContext, session: SessionState, handoff: HandoffContext, language: Language = 'en'): Promise<{ request: HandoffRequest; existing: boolean; nobodyAvailable: boolean }> {
    const conversationKey = conversationKeyOf(context.activity);
    const current = await this.openRequestFor(conversationKey);
    if (current) return { request: current, existing: true, nobodyAvailable: false };

    const nobodyAvailable = this.consoleEnabled && (await this.agentsOnline()).length === 0;
    const at = new Date(this.now()).toISOString();
    const request: HandoffRequest = {
      id: randomUUID(),
      conversationKey,
      state: 'waiting',
      language,
      reference: TurnContext.getConversationReference(context.activity),
      instanceId: this.instanceId,
      context: handoff,
      transcript: session.transcript.map((entry) => ({ ...entry, text: entry.from === 'user' ? redact(entry.text) : entry.text })),
      messages: [],
      requestedAt: at,
      ...(nobodyAvailable ? { noAnswerNotifiedAt: at } : {}),
    };
    await this.repo.createRequest(request);
    this.log.info({ requestId: request.id, channelId: handoff.channelId, route: handoff.route, language, nobodyAvailable }, 'hand-off: request queued');
    return { request, existing: false, nobodyAvailable };
  }

  /**
   * A message from a person. Returns true when it belongs to an open hand-off (relayed to the agent, or answered
   * "still waiting" / "left the queue"), false when the bot should handle it as usual. `understanding`: the turn's
   * one reading (its dialog act `cancel` leaves the queue, as "cancel" does at a step).
   */
  async onPersonMessage(context: TurnContext, understanding?: TurnUnderstanding): Promise<boolean> {
    const conversationKey = conversationKeyOf(context.activity);
    const request = await this.openRequestFor(conversationKey);
    if (!request) return false;
    const text = (context.activity.text ?? '').trim();
    // The person's language this turn: what they are told, and what the agent sees (and answers with) from now on.
    const language = languageOf(context);
    const prompts = this.promptsIn(language);

    if (request.state === 'waiting' && this.leaveQueue.leaves(text, understanding)) {
      const left = await this.closeRequest(request.id, 'cancelled', 'person', (r) => r.state === 'waiting');
      if (left.ok) {
        this.log.info({ requestId: request.id }, 'hand-off: the person left the queue');
        await context.sendActivity(prompts.handoffLeftQueue);
        await context.sendActivity(withButtons(context.activity.channelId, prompts.anythingElse, prompts.examples));
        return true;
      }
      // An agent accepted at this very moment: the message goes to them instead.
    }

    // Masked; with a screenshot, the image is kept for the agent (the text read from it is the message's text).
    const message = await personMessage(this.repo, request, context, text, new Date(this.now()).toISOString(), this.log);
    const reference = TurnContext.getConversationReference(context.activity);
    const { request: updated, changed } = await this.repo.updateRequest(request.id, (r) => {
      if (!isOpen(r.state)) return undefined;
      return { ...r, reference, instanceId: this.instanceId, language, messages: appendMessage(r.messages, message) };
    });
    if (!changed || !updated) return false; // closed in the meantime: the bot is back
    if (updated.state === 'waiting') {
      await context.sendActivity(withButtons(context.activity.channelId, prompts.handoffStillWaiting, [prompts.buttons.leaveQueue]));
    }
    return true;
  }

  /**
   * Ends the conversation's open hand-off for the person (before their conversation is erased): closed as
   * 'cancelled' by the person, so the agent's console shows it ended. True when one was open.
   */
  async endForPerson(conversationKey: string): Promise<boolean> {
    const request = await this.openRequestFor(conversationKey);
    if (!request) return false;
    const closed = await this.closeRequest(request.id, 'cancelled', 'person');
    if (closed.ok) this.log.info({ requestId: request.id }, 'hand-off: ended by the person (erasing their conversation)');
    return closed.ok;
  }

  /** A `handoff.status` event from an external agent hub (value `{ state, message }`). */
  async onHubStatus(context: TurnContext, value: unknown): Promise<void> {
    const state = isPlainObject(value) ? value.state : undefined;
    if (state !== 'accepted' && state !== 'failed' && state !== 'completed') {
      this.log.warn({ state: typeof state === 'string' ? state.slice(0, 20) : typeof state }, 'hand-off: handoff.status with an unknown state ignored');
      return;
    }
    const channelId = context.activity.channelId;
    const request = await this.openRequestFor(conversationKeyOf(context.activity));
    const prompts = this.promptsIn(request?.language ?? languageOf(context));
    const personId = request?.reference.user?.id;
    if (personId && context.activity.from?.id === personId) {
      // Only the hub reports status; the person cannot end or take over their own hand-off this way.
      this.log.warn({ requestId: request?.id }, 'hand-off: handoff.status from the person ignored');
      return;
    }
    this.log.info({ requestId: request?.id, state }, 'hand-off: status from an agent hub');
    switch (state) {
      case 'accepted': {
        if (!request) return;
        const agent: HandoffAgent = { id: 'hub', name: prompts.hubAgentName, kind: 'hub' };
        const accepted = await this.repo.updateRequest(request.id, (r) =>
          r.state === 'waiting' ? { ...r, state: 'active', agent, acceptedAt: new Date(this.now()).toISOString() } : undefined,
        );
        if (accepted.changed) await context.sendActivity(fill(prompts.agentJoined, { agent: agent.name }));
        return;
      }
      case 'completed': {
        const name = request?.agent?.name ?? prompts.hubAgentName;
        if (request) await this.closeRequest(request.id, 'ended', 'hub');
        if (request?.state === 'active') await context.sendActivity(fill(prompts.agentLeft, { agent: name }));
        await context.sendActivity(withButtons(channelId, prompts.handedBack, prompts.examples));
        return;
      }
      case 'failed': {
        if (request) await this.closeRequest(request.id, 'failed', 'hub');
        await context.sendActivity(prompts.handoffFailed);
        await context.sendActivity(withButtons(channelId, prompts.anythingElse, prompts.examples));
        return;
      }
    }
  }

  // ---- the agents' side ------------------------------------------------------------------------------------

  /** The open requests (waiting and active), oldest first. */
  async openRequests(): Promise<HandoffRequest[]> {
    const requests = await this.repo.getRequests(await this.repo.openIds());
    return requests.filter((r) => isOpen(r.state));
  }

  async get(id: string): Promise<HandoffRequest | undefined> {
    return this.repo.getRequest(id);
  }

  /** An agent takes a waiting request. Exactly one of several agents accepting at once succeeds; the others get 'taken'. */
  async accept(id: string, agent: HandoffAgent): Promise<DeskResult> {
    const at = new Date(this.now()).toISOString();
    const { request, changed } = await this.repo.updateRequest(id, (r) => (r.state === 'waiting' ? { ...r, state: 'active', agent, acceptedAt: at } : undefined));
    if (!request) return { ok: false, reason: 'not_found' };
    if (!changed) return { ok: false, reason: request.state === 'active' ? 'taken' : 'closed', request };
    this.log.info({ requestId: id, agentId: agent.id }, 'hand-off: accepted');
    await this.tellPerson(request, [fill(this.promptsIn(request.language).agentJoined, { agent: agent.name })]);
    return { ok: true, request };
  }

  /** A message from the agent to the person. */
  async sendFromAgent(id: string, agent: HandoffAgent, text: string): Promise<DeskResult> {
    const clean = text.trim();
    if (!clean || clean.length > MAX_AGENT_MESSAGE_LENGTH) return { ok: false, reason: 'invalid' };
    const message: HandoffMessage = { from: 'agent', text: clean, at: new Date(this.now()).toISOString(), agentName: agent.name, agentId: agent.id };
    const { request, changed } = await this.repo.updateRequest(id, (r) => (ownership(r, agent) === 'ok' ? { ...r, messages: appendMessage(r.messages, message) } : undefined));
    if (!request) return { ok: false, reason: 'not_found' };
    if (!changed) return { ok: false, reason: failureOf(request, agent), request };
    try {
      await this.send(request, [{ type: ActivityTypes.Message, text: fill(this.promptsIn(request.language).agentMessage, { agent: agent.name, text: clean }), textFormat: 'markdown' }]);
      return { ok: true, request };
    } catch (error) {
      this.log.warn({ err: errorFields(error), requestId: id }, 'hand-off: an agent message could not be delivered');
      const marked = await this.repo.updateRequest(id, (r) => ({
        ...r,
        messages: r.messages.map((m) => (m.from === 'agent' && m.at === message.at && m.text === clean ? { ...m, undelivered: true } : m)),
      }));
      return { ok: false, reason: 'undelivered', request: marked.request ?? request };
    }
  }

  /** The agent ends the hand-off: the person is told, and the bot is back and asks whether there is anything else. */
  async end(id: string, agent: HandoffAgent): Promise<DeskResult> {
    const result = await this.closeRequest(id, 'ended', 'agent', (r) => ownership(r, agent) === 'ok');
    if (!result.ok) return result.request ? { ok: false, reason: failureOf(result.request, agent), request: result.request } : result;
    this.log.info({ requestId: id, agentId: agent.id }, 'hand-off: ended by the agent');
    const prompts = this.promptsIn(result.request.language);
    const channelId = result.request.reference.channelId;
    if (this.deps.options.askRating) {
      const { conversationKey, id: requestId, context } = result.request;
      await this.repo.setPendingRating(conversationKey, { requestId, agentId: agent.id, agentName: agent.name, route: context.route ?? null });
      await this.tellPerson(result.request, [fill(prompts.agentLeft, { agent: agent.name }), agentRatingQuestion(prompts, channelId, agent.name)]);
    } else {
      await this.tellPerson(result.request, [fill(prompts.agentLeft, { agent: agent.name }), withButtons(channelId, prompts.handedBack, prompts.examples)]);
    }
    return result;
  }

  /** The person's unanswered "Did Sam help?" (asked when the agent ended the chat), taken once (by the CSAT dialog). */
  async takePendingRating(context: TurnContext): Promise<PendingAgentRating | undefined> {
    const pending = await this.repo.takePendingRating(conversationKeyOf(context.activity));
    return pending ? { requestId: pending.requestId, agentId: pending.agentId, agentName: pending.agentName, route: pending.route } : undefined;
  }

  /** Records that a console agent is signed in (their console checks in every few seconds). */
  async heartbeat(agent: HandoffAgent): Promise<void> {
    await this.repo.touchAgent(agent.id, agent.name, this.now(), this.presenceTtlMs);
  }

  async signOut(agent: HandoffAgent): Promise<void> {
    await this.repo.removeAgent(agent.id, this.now(), this.presenceTtlMs);
  }

  /** Console agents signed in now. */
  async agentsOnline(): Promise<{ id: string; name: string }[]> {
    const now = this.now();
    return Object.entries(await this.repo.agents())
      .filter(([, a]) => now - a.lastSeenAt < this.presenceTtlMs)
      .map(([id, a]) => ({ id, name: a.name }));
  }

  // ---- nobody answers --------------------------------------------------------------------------------------

  /**
   * Tells each person who has waited longer than the accept timeout (and was not told yet) that nobody answered,
   * with Apple Support's contacts; they stay queued. The mark is an eTag-conditional write, so with several instances
   * each person is told once. Returns how many were told.
   */
  async checkTimeouts(): Promise<number> {
    const now = this.now();
    const due = (r: HandoffRequest): boolean =>
      r.state === 'waiting' && !r.noAnswerNotifiedAt && now - Date.parse(r.requestedAt) >= this.deps.options.acceptTimeoutMs;
    let told = 0;
    for (const candidate of (await this.openRequests()).filter(due)) {
      const at = new Date(now).toISOString();
      const { request, changed } = await this.repo.updateRequest(candidate.id, (r) => (due(r) ? { ...r, noAnswerNotifiedAt: at } : undefined));
      if (!changed || !request) continue;
      const prompts = this.promptsIn(request.language);
      this.log.info({ requestId: request.id }, 'hand-off: nobody accepted in time; the person was told');
      await this.tellPerson(request, [withButtons(request.reference.channelId, prompts.handoffNoAnswer, [prompts.buttons.leaveQueue])]);
      told++;
    }
    return told;
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      await this.checkTimeouts();
    } catch (error) {
      this.log.warn({ err: errorFields(error) }, 'hand-off: timeout check failed');
    } finally {
      this.sweeping = false;
    }
  }

  /** The conversation's open request; a pointer to a closed one is cleared on the way. */
  async openRequestFor(conversationKey: string): Promise<HandoffRequest | undefined> {
    const id = await this.repo.requestIdFor(conversationKey);
    if (!id) return undefined;
    const request = await this.repo.getRequest(id);
    if (request && isOpen(request.state)) return request;
    await this.repo.clearPointer(conversationKey, id);
    return undefined;
  }

  /** Closes an open request (if `allowed`), takes it out of the queue and unpairs the conversation. */
  private async closeRequest(id: string, state: Exclude<HandoffState, 'waiting' | 'active'>, by: HandoffRequest['closedBy'], allowed: (r: HandoffRequest) => boolean = () => true): Promise<DeskResult> {
    const at = new Date(this.now()).toISOString();
    const { request, changed } = await this.repo.updateRequest(id, (r) => (isOpen(r.state) && allowed(r) ? { ...r, state, closedAt: at, closedBy: by } : undefined));
    if (!request) return { ok: false, reason: 'not_found' };
    if (!changed) return { ok: false, reason: 'closed', request };
    await this.repo.forget(request);
    return { ok: true, request };
  }


  /** The prompts in `language` (a request stored before languages: English). */
  private promptsIn(language: Language | undefined) {
    return this.contents.in(language).dialog.prompts;
  }

  private send(request: HandoffRequest, activities: Partial<Activity>[]): Promise<void> {
    if (!this.channel) return Promise.reject(new Error('hand-off: no person channel'));
    return this.channel.send(request, activities);
  }

  /** Proactive messages to the person; a failure is logged (the person may have left). */
  private async tellPerson(request: HandoffRequest, messages: Array<string | Partial<Activity>>): Promise<void> {
    const activities = messages.map((m) => (typeof m === 'string' ? { type: ActivityTypes.Message, text: m } : m));
    try {
      await this.send(request, activities);
    } catch (error) {
      this.log.warn({ err: errorFields(error), requestId: request.id }, 'hand-off: could not reach the person');
    }
  }
}
