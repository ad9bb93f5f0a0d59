import { EventFactory, type TurnContext, type Activity, ActivityTypes } from 'botbuilder';
import type { SessionAccessor, SessionState } from '../dialogs/session';
import { redact } from '../privacy/redact';

/** What an agent (or an external contact-centre hub) receives with a hand-off request. */
export interface HandoffContext {
  reason: string;
  route?: string;
  ruledOut: string[];
  solutionsTried: { solutionId: string; title: string; outcome: string }[];
  startedAt: string;
  channelId: string;
}

/** Builds the context of a hand-off from the session record. */
export function handoffContext(session: SessionState, reason: string, channelId: string): HandoffContext {
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
    text: redact(entry.text),
    timestamp: new Date(entry.at),
    from: entry.from === 'user' ? { id: user?.id ?? 'user', name: user?.name, role: 'user' } : { id: bot?.id ?? 'bot', name: bot?.name, role: 'bot' },
  }));
}

/**
 * Starts a hand-off to a human: tells the person, and sends botbuilder's `handoff.initiate` event carrying the route,
 * the solutions tried and their outcomes, and the transcript, so an agent hub can take over.
 */
export class HandoffService {
  constructor(
    private readonly sessions: SessionAccessor,
    private readonly startingMessage: string,
  ) {}

  async start(context: TurnContext, reason: string): Promise<void> {
    const session = await this.sessions.get(context);
    session.handoff = { requestedAt: new Date().toISOString(), reason };
    session.outcome = 'handed_off';
    await context.sendActivity(this.startingMessage);
    // The transcript's activities carry only what a transcript needs (type, text, from, timestamp).
    const transcript = { activities: transcriptActivities(session, context) as Activity[] };
    const event = EventFactory.createHandoffInitiation(context, handoffContext(session, reason, context.activity.channelId), transcript);
    await context.sendActivity(event);
  }
}
