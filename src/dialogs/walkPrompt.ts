/**
 * What the walk says to ask the person where they are: the question of the current phase with its buttons ("Did that
 * fix your backup?", "Do you want to go ahead?", "Step 2 of 3: …", "Do you want to switch to that?"), and the line
 * that brings them back to it after a question. Rendering only: nothing here changes the walk.
 */
import type { Activity } from 'botbuilder';
import type { DialogContent } from '../content/loadContent';
import type { Solution } from '../content/schema';
import { fill } from '../content/template';
import { stepText, withButtons } from './render';
import type { WalkState } from './walkCommands';

/** The question the person is being asked right now, with its buttons (`solution` as shown in the turn's language). */
export function walkPrompt(speech: DialogContent, channelId: string | undefined, state: WalkState, solution: Solution): Partial<Activity> {
  const { prompts } = speech;
  const b = prompts.buttons;
  switch (state.phase) {
    case 'confirm':
      return withButtons(channelId, solution.confirm!.prompt, [b.goAhead, b.skip, b.human]);
    case 'step':
      return withButtons(channelId, stepText(speech, solution, state.step), [b.done, b.no, b.human]);
    case 'switch': {
      const cause = speech.cause(state.pendingCause!)!;
      return withButtons(channelId, fill(prompts.offerSwitch, { name: cause.name }), [b.switchYes, b.switchNo]);
    }
    case 'ask':
      return withButtons(channelId, prompts.didItWork, [b.yes, b.no, b.walkThrough, b.human]);
  }
}

/** After a question: "Let's get back to where we were. You were on Solution N: **title**." */
export function resumeText(speech: DialogContent, solution: Solution): string {
  const { prompts } = speech;
  return fill(prompts.whereWasI, { number: solution.number, title: solution.title }).replace(/^/, `${prompts.resume} `);
}
