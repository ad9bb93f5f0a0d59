/** A compiled line of intents/ruled_out.yaml: a phrase meaning "this cause is NOT the problem" (used by nlu/ruledOut.ts). */
export interface RuledOutRule {
  cause: string;
  /** The source pattern (for messages). */
  pattern: string;
  /** Compiled with flags "gi". */
  regex: RegExp;
  negatable: boolean;
}

/** Compiles a pattern the way the detector uses it; throws SyntaxError when it is not a valid regex. */
export function compileRuledOutPattern(pattern: string): RegExp {
  return new RegExp(pattern, 'gi');
}
