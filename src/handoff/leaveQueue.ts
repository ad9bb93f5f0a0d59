/**
 * "Leave the queue" while waiting for a person: the button (its title in any language the bot speaks), the turn's
 * dialog act `cancel`, the words of intents/replies.yaml `leaveQueue`, or the caller's detector (the classifier's sure
 * cancel).
 */
import { defaultReplyPatterns } from '../content/loadReplies';
import type { LocalizedContent } from '../content/localizedContent';
import type { TurnUnderstanding } from '../dialogs/turnUnderstanding';

export class LeaveQueueDetector {
  private readonly buttons: readonly string[];

  constructor(
    contents: LocalizedContent,
    private readonly words: RegExp = defaultReplyPatterns().leaveQueue,
    private readonly more?: (text: string) => boolean,
  ) {
    this.buttons = contents.all().map((copy) => copy.dialog.prompts.buttons.leaveQueue.toLowerCase());
  }

  leaves(text: string, understanding?: TurnUnderstanding): boolean {
    const normalized = text.trim().replace(/[.!]+$/, '');
    if (this.buttons.includes(normalized.toLowerCase())) return true;
    if (understanding?.act?.act === 'cancel') return true;
    return this.words.test(normalized) || (this.more?.(normalized) ?? false);
  }
}
