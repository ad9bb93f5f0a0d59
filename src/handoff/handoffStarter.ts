import { EventFactory, type TurnContext, type Activity, ActivityTypes } from 'botbuilder';
import type { LocalizedContent } from '../content/localizedContent';
import { withButtons } from '../dialogs/render';
import type { SessionAccessor, SessionState } from '../dialogs/session';
import { languageOf } from '../dialogs/turnUnderstanding';
import { redact } from '../privacy/redact';
import type { HandoffDesk } from './handoffDesk';
import type { HandoffContext } from './types';


/** Builds the context of a hand-off from the session record. */
function handoffContext(session: SessionState, reason: string, channelId: string): HandoffContext {
  return {
    reason,
    route: session.route,
    ruledOut: [...session.ruledOut],
    solutionsTried: session.solutions.map(({ solutionId, title, outcome }) => ({ solutionId, title, outcome })),
    startedAt: session.startedAt,
    channelId,
  };
}

/** The transcript as Bot Framework activities (masked: no passwords, card numbers or emails). */
export function transcriptActivities(session: SessionState, context: TurnContext): Partial<Activity>[] {
  const user = context.activity.from;
  const bot = context.activity.recipient;
  return session.transcript.map((entry) => ({
    type: ActivityTypes.Message,
    // The bot's own lines are our content, not the person's: only what the person typed is masked.
    text: entry.from === 'user' ? redact(entry.text) : entry.text,
    timestamp: new Date(entry.at),
    from: entry.from === 'user' ? { id: user?.id ?? 'user', name: user?.name, role: 'user' } : { id: bot?.id ?? 'bot', name: bot?.name, role: 'bot' },
  }));
}

/**
 * The person's side, in their turn (used by the dialogs through createBot): starts a hand-off to a human. The queue and
 * the routing between people and agents afterwards are HandoffDesk's (handoffDesk.ts).
 *
 * Starts a hand-off to a human: tells the person, and sends botbuilder's `handoff.initiate` event carrying the route,
 * the solutions tried and their outcomes, and the transcript, so an agent hub can take over. With a HandoffDesk the
 * request is also queued for the built-in agent console (and for `handoff.status` events from a hub), and the person
 * is told honestly when nobody is available.
 */
export class HandoffStarter {
  constructor(
    private readonly sessions: SessionAccessor,
    /** What the bot says, per language (the person is told in the turn's). */
    private readonly contents: LocalizedContent,
    private readonly desk?: HandoffDesk,
  ) {}

  /** Returns true when the conversation is now queued for a person (the dialogs in progress should stop). */
  async start(context: TurnContext, reason: string): Promise<boolean> {
    const session = await this.sessions.get(context);
    session.handoff = { requestedAt: new Date().toISOString(), reason };
    session.outcome = 'handed_off';
    const handoff = handoffContext(session, reason, context.activity.channelId);
    const channelId = context.activity.channelId;
    const language = languageOf(context);
    const { prompts } = this.contents.in(language).dialog;
    let queued = false;
    if (this.desk) {
      const { existing, nobodyAvailable } = await this.desk.request(context, session, handoff, language);
      if (existing) {
        await context.sendActivity(withButtons(channelId, prompts.handoffStillWaiting, [prompts.buttons.leaveQueue]));
        return true;
      }
      queued = true;
      if (nobodyAvailable) await context.sendActivity(withButtons(channelId, prompts.handoffNobodyAvailable, [prompts.buttons.leaveQueue]));
      else await context.sendActivity(prompts.handoffStarting);
    } else {
      await context.sendActivity(prompts.handoffStarting);
    }
    // The transcript's activities carry only what a transcript needs (type, text, from, timestamp).
    const transcript = { activities: transcriptActivities(session, context) as Activity[] };
    await context.sendActivity(EventFactory.createHandoffInitiation(context, handoff, transcript));
    return queued;
  }
}
