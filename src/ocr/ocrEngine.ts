/**
 * Text recognition behind one interface, so the bot, the tests and the benchmarks can use the real engine (a pool of
 * tesseract.js workers) or a stub.
 */
export interface OcrLine {
  text: string;
  /** Tesseract's confidence, 0–100. */
  confidence: number;
  /** Where the line is, in pixels of the image read. */
  box: { x0: number; y0: number; x1: number; y1: number };
}

export interface OcrResult {
  /** The lines read, top to bottom, in reading order. */
  lines: OcrLine[];
}

export interface OcrEngine {
  /** Reads the text of a prepared (grey, dark-on-light) PNG. */
  read(png: Buffer): Promise<OcrResult>;
  close(): Promise<void>;
}
