/**
 * What a command ("yes", "skip", "go back", "walk me through"…) does at each point of a troubleshooting walk: the
 * walk's state machine, separate from the dialog that reads replies and renders (troubleshootDialog.ts).
 */
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { DialogContent } from '../content/loadContent';
import type { Solution } from '../content/schema';
import { fill } from '../content/template';
import type { Command } from './commands';
import { textMessage } from './render';
import type { ConversationOutcome } from './session';

type Phase = 'confirm' | 'ask' | 'step' | 'switch';

export interface WalkState {
  route: string;
  ruledOut: string[];
  plan: string[];
  index: number;
  phase: Phase;
  step: number;
  /** While offering to switch cause: the cause offered and the phase to return to. */
  pendingCause?: string;
  returnPhase?: Exclude<Phase, 'switch'>;
  /** The switch was offered after "no, and now …": the current solution did not fix it, so declining moves on. */
  afterNotFixed?: boolean;
}

/** Where the walk's state is kept in the dialog instance. */
export const STATE = 'walk';

/**
 * The walk asks a yes/no question of its own ("Do you want to go ahead?", "Do you want to switch to that?"), not "Did
 * that fix your backup?". The dialog-act classifier learned replies to "did it work?" ("go for it" reads as cancel,
 * "ok go ahead" as small talk there), so at these points only its yes and no count; the intent classifier and the reply
 * words read the rest.
 */
export function asksYesOrNo(state: WalkState | undefined): boolean {
  return state?.phase === 'confirm' || state?.phase === 'switch';
}

/** The moves of the walk a command can make (TroubleshootDialog implements them). */
export interface WalkMoves {
  current(state: WalkState): Solution;
  reprompt(dc: DialogContext, state: WalkState): Promise<DialogTurnResult>;
  present(dc: DialogContext, state: WalkState, opening?: string, confirmed?: boolean): Promise<DialogTurnResult>;
  record(context: TurnContext, solution: Solution, outcome: 'offered' | 'fixed' | 'not_fixed' | 'skipped'): Promise<void>;
  advance(dc: DialogContext, state: WalkState, previous: 'not_fixed' | 'skipped', template?: string): Promise<DialogTurnResult>;
  back(dc: DialogContext, state: WalkState): Promise<DialogTurnResult>;
  finish(dc: DialogContext, result: { outcome: ConversationOutcome }): Promise<DialogTurnResult>;
  switchToPendingCause(dc: DialogContext, state: WalkState): Promise<DialogTurnResult>;
}

/** Commands that mean the same in every phase, then the phase's own meaning of the command. */
export async function onWalkCommand(moves: WalkMoves, content: DialogContent, dc: DialogContext, state: WalkState, command: Command): Promise<DialogTurnResult> {
  const { prompts } = content;
  // `content` is the turn's language: the solution as shown in it.
  const solution = content.solution(moves.current(state).id) ?? moves.current(state);
  switch (command) {
    case 'where_was_i':
      await dc.context.sendActivity(fill(prompts.whereWasI, { number: solution.number, title: solution.title }));
      return moves.reprompt(dc, state);
    case 'greeting':
      await dc.context.sendActivity(prompts.greeting);
      return moves.reprompt(dc, state);
    case 'thanks':
      await dc.context.sendActivity(prompts.thanks);
      return moves.reprompt(dc, state);
    case 'repeat':
      if (state.phase === 'switch') return moves.reprompt(dc, state);
      // At "Go ahead?" the destructive solution is not agreed to yet: its warning and the question again, not its steps.
      return moves.present(dc, state, undefined, state.phase !== 'confirm');
    default:
      break;
  }
  const walk: PhaseCommand = { moves, content, dc, state, command, solution };
  switch (state.phase) {
    case 'switch':
      return onSwitchCommand(walk);
    case 'confirm':
      return onConfirmCommand(walk);
    case 'step':
      return onStepCommand(walk);
    case 'ask':
      return onAskCommand(walk);
  }
}

interface PhaseCommand {
  moves: WalkMoves;
  content: DialogContent;
  dc: DialogContext;
  state: WalkState;
  command: Command;
  solution: Solution;
}

/** "Switch to the other cause?": yes starts its walk, anything else stays on the current solution. */
async function onSwitchCommand({ moves, content, dc, state, command }: PhaseCommand): Promise<DialogTurnResult> {
  if (command === 'affirm') return moves.switchToPendingCause(dc, state);
  state.phase = state.returnPhase ?? 'ask';
  state.pendingCause = undefined;
  if (state.afterNotFixed) {
    state.afterNotFixed = undefined;
    return moves.advance(dc, state, 'not_fixed');
  }
  await dc.context.sendActivity(content.prompts.stayOnCurrent);
  return moves.reprompt(dc, state);
}

/** "Go ahead?" before a destructive solution: yes shows it (or its steps), no / skip moves on. */
async function onConfirmCommand({ moves, content, dc, state, command, solution }: PhaseCommand): Promise<DialogTurnResult> {
  if (command === 'affirm' || command === 'walk_through') {
    state.phase = command === 'walk_through' ? 'step' : 'ask';
    state.step = 0;
    return moves.present(dc, state, undefined, true);
  }
  if (command === 'deny' || command === 'skip') {
    await dc.context.sendActivity(solution.confirm?.skipped ?? content.prompts.stayOnCurrent);
    await moves.record(dc.context, solution, 'skipped');
    return moves.advance(dc, state, 'skipped');
  }
  if (command === 'go_back') return moves.back(dc, state);
  return moves.reprompt(dc, state);
}

/** One step at a time: done / skip goes to the next step, back to the previous, "no" means it did not help. */
async function onStepCommand({ moves, content, dc, state, command, solution }: PhaseCommand): Promise<DialogTurnResult> {
  if (command === 'affirm' || command === 'skip' || command === 'walk_through') {
    if (command !== 'walk_through') state.step += 1;
    if (state.step >= solution.steps.length) {
      state.phase = 'ask';
      await dc.context.sendActivity(content.prompts.stepsFinished);
    }
    return moves.reprompt(dc, state);
  }
  if (command === 'go_back') {
    if (state.step === 0) return moves.back(dc, state);
    state.step -= 1;
    return moves.reprompt(dc, state);
  }
  // "no" / "still failing" in the middle of the steps: this solution didn't help.
  await moves.record(dc.context, solution, 'not_fixed');
  return moves.advance(dc, state, 'not_fixed');
}

/** "Did that fix it?": yes ends the walk resolved, no / skip moves on, walk-through shows the steps. */
async function onAskCommand({ moves, content, dc, state, command, solution }: PhaseCommand): Promise<DialogTurnResult> {
  const { prompts } = content;
  if (command === 'affirm') {
    await moves.record(dc.context, solution, 'fixed');
    await dc.context.sendActivity(textMessage(`${prompts.happyClose}\n\n${prompts.backUpNow}`));
    return moves.finish(dc, { outcome: 'resolved' });
  }
  if (command === 'deny' || command === 'skip') {
    const outcome = command === 'deny' ? 'not_fixed' : 'skipped';
    await moves.record(dc.context, solution, outcome);
    return moves.advance(dc, state, outcome);
  }
  if (command === 'walk_through') {
    state.phase = 'step';
    state.step = 0;
    return moves.reprompt(dc, state);
  }
  if (command === 'go_back') return moves.back(dc, state);
  return moves.reprompt(dc, state);
}
