/** An OCR engine for tests: it "reads" the lines the test sets, whatever the image; it counts its calls. */
import type { OcrEngine, OcrLine, OcrResult } from '../../src/ocr/ocrEngine';

export class StubOcr implements OcrEngine {
  calls = 0;
  private texts: string[] = [];

  /** What the next images say, one paragraph per entry (laid out as separate lines far apart). */
  willRead(...paragraphs: string[]): void {
    this.texts = paragraphs;
  }

  async read(): Promise<OcrResult> {
    this.calls += 1;
    const lines: OcrLine[] = this.texts.map((text, i) => ({ text, confidence: 90, box: { x0: 20, y0: 100 + i * 200, x1: 700, y1: 130 + i * 200 } }));
    return { lines };
  }

  async close(): Promise<void> {}
}
