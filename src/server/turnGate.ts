/**
 * Fair admission of turns to the event loop.
 *
 * Why: a turn is CPU work chained through promises (state, dialogs, NLU), so every request whose body arrived in one
 * event-loop poll runs to its end before the loop polls again. At saturation with 50 connections one loop iteration
 * then holds ~50 turns (tens of ms), and libuv accepts one new connection per iteration: the first request of each
 * new connection waited up to 2 s while the others were served (p99 1.2–1.4 s at saturation, p50 ~60 ms), and every
 * timer and socket waited as long (event-loop delay p99 ~100 ms).
 *
 * What: at most `perIteration` turns start per loop iteration; the rest wait in FIFO order and are started from a
 * setImmediate callback, after the loop has polled sockets (accepts, reads) again. Turns keep their arrival order,
 * so nobody waits behind more than the turns that came before them.
 */
export interface TurnGateOptions {
  /** Turns started per event-loop iteration (default 8; 0 turns the gate off). */
  perIteration?: number;
}

export class TurnGate {
  private readonly perIteration: number;
  private readonly waiting: Array<() => void> = [];
  private started = 0;
  private tickScheduled = false;

  constructor(options: TurnGateOptions = {}) {
    this.perIteration = options.perIteration ?? 8;
  }

  /** Resolves when the turn may start (at once when there is room in this iteration and nobody is waiting). */
  enter(): Promise<void> | undefined {
    if (this.perIteration <= 0) return undefined;
    this.scheduleTick();
    if (this.waiting.length === 0 && this.started < this.perIteration) {
      this.started++;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Runs `task` once admitted. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const admitted = this.enter();
    if (admitted) await admitted;
    return task();
  }

  /** Turns waiting for admission (for metrics). */
  get queued(): number {
    return this.waiting.length;
  }

  private scheduleTick(): void {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    setImmediate(this.tick);
  }

  /** A new iteration's allowance: start the longest-waiting turns, and come back next iteration if some remain. */
  private readonly tick = (): void => {
    this.tickScheduled = false;
    this.started = 0;
    while (this.waiting.length > 0 && this.started < this.perIteration) {
      this.started++;
      this.waiting.shift()!();
    }
    if (this.waiting.length > 0 || this.started > 0) this.scheduleTick();
  };
}
