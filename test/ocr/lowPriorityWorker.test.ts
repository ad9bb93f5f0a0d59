/** The module the OCR worker threads start with: lower the thread's priority on Linux only, then tesseract's script. */
import { existsSync } from 'node:fs';
import { lowPriorityWorkerUrl, OCR_THREAD_NICE } from '../../src/ocr/lowPriorityWorker';

const codeOf = (url: URL): string => decodeURIComponent(url.href.slice('data:text/javascript,'.length));

describe('lowPriorityWorkerUrl', () => {
  test('on Linux the thread lowers its own priority to the lowest before tesseract runs', () => {
    const code = codeOf(lowPriorityWorkerUrl('linux'));
    expect(OCR_THREAD_NICE).toBe(19);
    expect(code).toContain(`setPriority(${OCR_THREAD_NICE})`);
    expect(code.indexOf('setPriority(19)')).toBeLessThan(code.indexOf('createRequire('));
  });

  test('elsewhere it does not (the call would lower the whole process, the event loop with it)', () => {
    for (const platform of ['darwin', 'win32'] as const) expect(codeOf(lowPriorityWorkerUrl(platform))).not.toContain('setPriority(19)');
  });

  test("it loads tesseract.js's own worker script from node_modules", () => {
    const path = /createRequire\(("[^"]+")\)/.exec(codeOf(lowPriorityWorkerUrl('linux')))?.[1];
    expect(path).toBeDefined();
    const file = JSON.parse(path!) as string;
    expect(file).toMatch(/node_modules\/tesseract\.js\/src\/worker-script\/node\/index\.js$/);
    expect(existsSync(file)).toBe(true);
  });
});
