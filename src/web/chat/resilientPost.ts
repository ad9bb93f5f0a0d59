/**
 * postActivity that keeps trying while the bot is unreachable (network error or 5xx: Direct Line JS answers
 * "retry"), with the same activity and so the same clientActivityID: the server stores and runs it once.
 * Web Chat unsubscribes when its send timeout passes, which stops the attempts (the message is then "Send failed").
 */
import type { DirectLine, Observable, Observer, Subscription } from './webChat';

const RESEND_DELAY_MS = 2000;

/** One send: attempts until the bot takes it, refuses it (4xx), or the deadline passes. */
class Delivery {
  private stopped = false;
  private inner: Subscription | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly deadline: ReturnType<typeof setTimeout>;

  constructor(
    private readonly post: (activity: unknown) => Observable<string>,
    private readonly activity: unknown,
    private readonly observer: Observer<string>,
    sendTimeoutMs: number,
  ) {
    // Web Chat shows "Send failed. Retry." once the send timeout has passed: stop trying just before, so a message
    // marked failed is never delivered behind the person's back (and a retry cannot deliver it twice).
    this.deadline = setTimeout(() => {
      this.stop();
      this.observer.error?.(new Error('The assistant could not be reached in time'));
    }, Math.max(1000, sendTimeoutMs - 1000));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.deadline);
    this.inner?.unsubscribe();
  }

  private again(): void {
    if (!this.stopped) this.timer = setTimeout(() => this.attempt(), RESEND_DELAY_MS);
  }

  attempt(): void {
    if (this.stopped) return;
    let retry = false;
    this.inner = this.post(this.activity).subscribe(
      (id) => {
        if (id === 'retry') retry = true;
        else {
          clearTimeout(this.deadline);
          this.observer.next?.(id);
        }
      },
      (err) => {
        const status = (err as { status?: number } | null)?.status;
        if (!this.stopped && (status === 0 || status === undefined || status >= 500)) return this.again();
        clearTimeout(this.deadline);
        this.observer.error?.(err);
      },
      () => {
        if (retry) return this.again();
        clearTimeout(this.deadline);
        this.observer.complete?.();
      },
    );
  }
}

export function resilientPost(directLine: DirectLine, sendTimeoutMs: number): DirectLine['postActivity'] {
  const post = directLine.postActivity.bind(directLine);
  return (activity) => ({
    subscribe(next, error, complete) {
      const observer: Observer<string> = typeof next === 'function' || next === undefined ? { next, error, complete } : next;
      const delivery = new Delivery(post, activity, observer, sendTimeoutMs);
      delivery.attempt();
      return { unsubscribe: () => delivery.stop() };
    },
  });
}
