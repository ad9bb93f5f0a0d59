/**
 * Minimal type declarations for the parts of `natural` this project imports directly.
 * (Never `import 'natural'`: its index loads database drivers and costs ~1 s / 150 MB.)
 */
declare module 'natural/lib/natural/stemmers/porter_stemmer' {
  const PorterStemmer: {
    stem(token: string): string;
    tokenizeAndStem(text: string, keepStops?: boolean): string[];
  };
  export = PorterStemmer;
}

declare module 'natural/lib/natural/tokenizers/regexp_tokenizer' {
  export class RegexpTokenizer {
    constructor(options?: { pattern?: RegExp; gaps?: boolean; discardEmpty?: boolean });
    /** With `gaps: false` this is String.match, so it returns null when nothing matches. */
    tokenize(text: string): string[] | null;
  }
}

declare module 'natural/lib/natural/ngrams/ngrams' {
  export function bigrams(sequence: string[], startSymbol?: string, endSymbol?: string): string[][];
}

declare module 'natural/lib/natural/distance/levenshtein_distance' {
  export function DamerauLevenshteinDistance(source: string, target: string, options?: { restricted?: boolean }): number;
}

declare module 'natural/lib/natural/classifiers/bayes_classifier' {
  class BayesClassifier {
    constructor(stemmer?: unknown, smoothing?: number);
    keepStops?: boolean;
    setOptions(options: { keepStops?: boolean }): void;
    addDocument(text: string, label: string): void;
    train(): void;
    getClassifications(text: string): Array<{ label: string; value: number }>;
  }
  export = BayesClassifier;
}

declare module 'natural/lib/natural/util/stopwords' {
  export const words: string[];
}

declare module 'natural/lib/natural/util/stopwords_fr' {
  export const words: string[];
}

declare module 'natural/lib/natural/util/stopwords_it' {
  export const words: string[];
}

declare module 'natural/lib/natural/util/stopwords_pt' {
  export const words: string[];
}

declare module 'natural/lib/natural/util/stopwords_es' {
  export const words: string[];
}

declare module 'natural/lib/natural/stemmers/porter_stemmer_es' {
  const PorterStemmerEs: { stem(token: string): string };
  export = PorterStemmerEs;
}

declare module 'natural/lib/natural/stemmers/porter_stemmer_fr' {
  const PorterStemmerFr: { stem(token: string): string };
  export = PorterStemmerFr;
}

declare module 'natural/lib/natural/stemmers/porter_stemmer_de' {
  const PorterStemmerDe: { stem(token: string): string };
  export = PorterStemmerDe;
}

