import { ActivityTypes, Channels, type Activity } from 'botbuilder';
import { ChoiceFactory } from 'botbuilder-dialogs';
import type { DialogContent } from '../content/loadContent';
import type { Solution } from '../content/schema';
import { fill } from '../content/template';

/**
 * A message with buttons, rendered the way each channel shows choices best: hero-card buttons in Teams
 * (Teams has no suggested actions), suggested actions elsewhere (Web Chat, Direct Line, Emulator).
 * Each button posts its own title, so clicking and typing are the same thing to the bot.
 */
export function withButtons(channelId: string | undefined, text: string, buttons: readonly string[]): Partial<Activity> {
  const choices = buttons.map((title) => ({ value: title, action: { type: 'imBack', title, value: title } }));
  if (channelId === Channels.Msteams) return ChoiceFactory.heroCard(choices, text);
  return ChoiceFactory.suggestedAction(choices, text);
}

export function textMessage(text: string): Partial<Activity> {
  return { type: ActivityTypes.Message, text, textFormat: 'markdown' };
}

/** "1. Go to Settings > General > Software Update." with the step's detail on the next line. */
function numberedSteps(solution: Solution): string {
  return solution.steps
    .map((step, i) => `${i + 1}. ${step.text}${step.detail ? `\n   ${step.detail}` : ''}`)
    .join('\n');
}

/** The full solution: heading, why (or a transition sentence), numbered steps, note and warning. */
export function solutionText(content: DialogContent, solution: Solution, opening?: string): string {
  const parts = [
    fill(content.prompts.solutionIntro, { number: solution.number, title: solution.title }),
    opening ?? solution.why,
    numberedSteps(solution),
  ];
  if (solution.note) parts.push(`${content.prompts.note ?? 'Note:'} ${solution.note}`);
  if (solution.warning) parts.push(`⚠️ ${solution.warning}`);
  return parts.join('\n\n');
}

/** The heading and warning of a destructive solution, shown before asking for confirmation. */
export function confirmText(content: DialogContent, solution: Solution, opening?: string): string {
  const parts = [
    fill(content.prompts.solutionIntro, { number: solution.number, title: solution.title }),
    opening ?? solution.why,
  ];
  if (solution.warning) parts.push(`⚠️ ${solution.warning}`);
  return parts.join('\n\n');
}

export function stepText(content: DialogContent, solution: Solution, index: number): string {
  const step = solution.steps[index]!;
  const text = step.detail ? `${step.text}\n\n${step.detail}` : step.text;
  return fill(content.prompts.stepOf, { index: index + 1, total: solution.steps.length, text });
}

/** "your iCloud storage" / "your iCloud storage or your Wi-Fi or internet connection": causes by their topics. */
export function describeCauses(content: DialogContent, causeIds: readonly string[]): string {
  const topics = causeIds.map((id) => content.cause(id)?.topic ?? id);
  const or = content.prompts.or ?? 'or';
  return topics.length > 1 ? `${topics.slice(0, -1).join(', ')} ${or} ${topics[topics.length - 1]}` : (topics[0] ?? '');
}
