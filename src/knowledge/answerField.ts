/**
 * The entries' answer texts as a weaker retrieval field (as Azure question answering indexes answers besides
 * questions): how much of a question the answer itself speaks of. "does it need the power cable" shares no word with
 * the phrasings of "Does the iPhone need to be charging?" but its answer says "connected to power". A feature of the
 * fusion of its own (fusion.ts `answerQuery`), so cross-validation decides how much it counts next to the phrasings.
 */
export class AnswerField {
  private readonly terms: Array<Set<string>>;

  /** `answerTerms[e]`: entry e's answer as terms (termsOf); `weight`: a term's IDF over the phrasings. */
  constructor(answerTerms: ReadonlyArray<readonly string[]>, private readonly weight: (term: string) => number) {
    this.terms = answerTerms.map((t) => new Set(t));
  }

  /** Share of the question's distinct terms, each weighted by its IDF, that entry `e`'s answer has (0..1). */
  coverage(queryTerms: readonly string[], e: number): number {
    const answer = this.terms[e];
    const distinct = [...new Set(queryTerms)];
    if (!answer || distinct.length === 0) return 0;
    const total = distinct.reduce((sum, t) => sum + this.weight(t), 0);
    const covered = distinct.filter((t) => answer.has(t)).reduce((sum, t) => sum + this.weight(t), 0);
    return total > 0 ? covered / total : 0;
  }
}
