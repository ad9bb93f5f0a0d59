/** The intents the dialog engine gives meaning to (as commands). Content (dialogs/, intents/) supplies everything else. */
const COMMAND_NAMES = [
  'affirm',
  'deny',
  'skip',
  'repeat',
  'go_back',
  'where_was_i',
  'walk_through',
  'help',
  'cancel',
  'start_over',
  'human_agent',
  'greeting',
  'thanks',
] as const;

export type Command = (typeof COMMAND_NAMES)[number];

export const COMMANDS: ReadonlySet<string> = new Set<Command>(COMMAND_NAMES);

/** Commands that work the same wherever the person is in a conversation. */
export const GLOBAL_COMMANDS: ReadonlySet<Command> = new Set<Command>(['help', 'cancel', 'start_over', 'human_agent']);
