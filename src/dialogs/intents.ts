/** Intent names the dialog engine gives meaning to. Content (dialogs/, intents/) supplies everything else. */
export const Intents = {
  affirm: 'affirm',
  deny: 'deny',
  skip: 'skip',
  repeat: 'repeat',
  goBack: 'go_back',
  whereWasI: 'where_was_i',
  walkThrough: 'walk_through',
  help: 'help',
  cancel: 'cancel',
  startOver: 'start_over',
  human: 'human_agent',
  greeting: 'greeting',
  thanks: 'thanks',
  none: 'none',
} as const;

export type Command =
  | 'affirm'
  | 'deny'
  | 'skip'
  | 'repeat'
  | 'go_back'
  | 'where_was_i'
  | 'walk_through'
  | 'help'
  | 'cancel'
  | 'start_over'
  | 'human_agent'
  | 'greeting'
  | 'thanks';

export const COMMANDS: ReadonlySet<string> = new Set<Command>([
  'affirm', 'deny', 'skip', 'repeat', 'go_back', 'where_was_i', 'walk_through', 'help', 'cancel', 'start_over', 'human_agent', 'greeting', 'thanks',
]);

/** Commands that work the same wherever the person is in a conversation. */
export const GLOBAL_COMMANDS: ReadonlySet<Command> = new Set<Command>(['help', 'cancel', 'start_over', 'human_agent']);
