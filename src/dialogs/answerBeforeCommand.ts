/**
 * A reply that answers the step, then leaves the walk: "no that didn't work, get me a human", "no sirvió, pásame con
 * una persona", "ça n'a pas marché, je veux parler à quelqu'un". The command (a person, stop, start over) is done as at
 * any point of a conversation (ReplyInterpreter.globalCommand), but the answer said first is not lost: the solution
 * being asked is recorded as not fixed, and the person hears that it was noted, before the command.
 */
import type { TurnContext } from 'botbuilder';
import type { DialogAct } from '../content/loadActs';
import type { Command } from './commands';
import { recordSolution, type SessionState } from './session';
import type { TurnUnderstanding } from './turnUnderstanding';

/** The act of each command that leaves the walk. */
const LEAVING: Partial<Record<Command, DialogAct>> = { human_agent: 'human', cancel: 'cancel', start_over: 'cancel' };
/** Answers that mean the solution did not fix it. */
const FAILED: ReadonlySet<DialogAct> = new Set(['not_fixed', 'already_tried']);

/** Whether the reply said the step failed before asking for `command` (its act parts, in order). */
export function failedBefore(u: TurnUnderstanding, command: Command): boolean {
  const leaving = LEAVING[command];
  const parts = u.act?.parts ?? [];
  const at = parts.findIndex((p) => p.act === leaving);
  return at > 0 && parts.slice(0, at).some((p) => FAILED.has(p.act));
}

/**
 * Before a command that leaves the walk: records the solution being asked (the last one offered) as not fixed when the
 * reply said so first, and says `notFixedNoted`. Nothing when no solution waits for an answer.
 */
export async function noteFailureBeforeCommand(context: TurnContext, session: SessionState, u: TurnUnderstanding, command: Command, notFixedNoted: string): Promise<void> {
  const asked = session.solutions[session.solutions.length - 1];
  if (!asked || asked.outcome !== 'offered' || !failedBefore(u, command)) return;
  recordSolution(session, asked.solutionId, asked.title, 'not_fixed');
  await context.sendActivity(notFixedNoted);
}
