/** A content file (dialogs/ or intents/) is missing, unparsable or invalid. The message names file, field and problem. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: ${field ? `field "${field}": ` : ''}${problem}`);
    this.name = 'ContentError';
  }
}
