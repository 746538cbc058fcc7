/**
 * WorkerBridge: the client side of one comlink worker.
 *
 * - Every call takes an AbortSignal. A call aborted before it starts is never sent. A call aborted while
 *   running is rejected at once; in 'terminate' mode (long jobs: training, Monte Carlo) the worker is
 *   terminated so nothing keeps computing; in 'discard' mode (millisecond analytic jobs) its result is
 *   dropped. The caller that supersedes a job aborts it, so superseded jobs are cancelled, never queued.
 * - A crashed worker (error event) or a hung one (no answer within hangTimeoutMs) is replaced and the
 *   job re-issued once; if it fails again the call rejects with WorkerFailedError, which the UI shows.
 */
import * as Comlink from 'comlink';

export class AbortError extends Error {
  constructor(message = 'aborted') {
    super(message);
    this.name = 'AbortError';
  }
}

export class WorkerFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerFailedError';
  }
}

export interface WorkerLike {
  terminate(): void;
  addEventListener(type: 'error' | 'messageerror', listener: (ev: Event) => void): void;
}

export interface BridgeOptions {
  name: string;
  /** A job with no answer after this long counts as hung (ms). */
  hangTimeoutMs: number;
  /** 'terminate' kills the worker on abort; 'discard' lets it finish and drops the result. */
  abortMode: 'terminate' | 'discard';
}

type Endpoint = Parameters<typeof Comlink.wrap>[0];

/** A job on the worker's API; see WorkerBridge.call. */
export type JobFn<Api, R> = (api: Comlink.Remote<Api>, alive: () => void, attempt: number) => Promise<R>;

export class WorkerBridge<Api extends object> {
  private worker: (WorkerLike & Endpoint) | null = null;
  private remote: Comlink.Remote<Api> | null = null;
  private crashListeners = new Set<(e: Error) => void>();
  private busy: Promise<unknown> = Promise.resolve();
  private readonly factory: () => WorkerLike & Endpoint;
  private readonly opts: BridgeOptions;
  /** Number of workers started so far (for tests and diagnostics). */
  started = 0;

  constructor(factory: () => WorkerLike & Endpoint, opts: BridgeOptions) {
    this.factory = factory;
    this.opts = opts;
  }

  private ensure(): Comlink.Remote<Api> {
    if (!this.remote) {
      const w = this.factory();
      this.started++;
      const onCrash = (ev: Event) => {
        const msg = (ev as ErrorEvent).message || `${this.opts.name} worker crashed`;
        for (const l of [...this.crashListeners]) l(new Error(msg));
        this.reset(w);
      };
      w.addEventListener('error', onCrash);
      w.addEventListener('messageerror', onCrash);
      this.worker = w;
      this.remote = Comlink.wrap<Api>(w);
    }
    return this.remote;
  }

  /** Terminate the current worker (if it is `only`, or any when omitted); the next call starts a new one. */
  reset(only?: WorkerLike): void {
    if (!this.worker || (only && this.worker !== only)) return;
    const r = this.remote as unknown as { [Comlink.releaseProxy]?: () => void } | null;
    try {
      r?.[Comlink.releaseProxy]?.();
    } catch {
      /* already closed */
    }
    this.worker.terminate();
    this.worker = null;
    this.remote = null;
  }

  /** Run `job` on the worker. Retries once on crash or hang. */
  /**
   * `job` gets the remote API, an `alive()` to call whenever the worker shows progress (a job is hung
   * only after hangTimeoutMs without any), and the attempt number (0, or 1 when re-issued).
   */
  async call<R>(job: JobFn<Api, R>, signal: AbortSignal): Promise<R> {
    // Wait for the job in flight (if any) without queueing behind aborted ones.
    const prev = this.busy;
    let release!: () => void;
    this.busy = new Promise<void>((r) => (release = r));
    try {
      await Promise.race([prev.catch(() => undefined), abortPromise(signal)]);
      if (signal.aborted) throw new AbortError();
      try {
        return await this.attempt(job, signal, 0);
      } catch (e) {
        if (e instanceof JobError) throw e.cause;
        if (e instanceof AbortError || signal.aborted) throw e instanceof AbortError ? e : new AbortError();
        // crashed or hung: replace the worker and re-issue once
        this.reset();
        try {
          return await this.attempt(job, signal, 1);
        } catch (e2) {
          if (e2 instanceof JobError) throw e2.cause;
          if (e2 instanceof AbortError || signal.aborted) throw new AbortError();
          this.reset();
          throw new WorkerFailedError(`${this.opts.name} worker failed twice: ${(e2 as Error).message}`);
        }
      }
    } finally {
      release();
    }
  }

  private attempt<R>(job: JobFn<Api, R>, signal: AbortSignal, attempt: number): Promise<R> {
    const api = this.ensure();
    const worker = this.worker;
    return new Promise<R>((resolve, reject) => {
      let done = false;
      const finish = () => {
        done = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.crashListeners.delete(onCrash);
      };
      const onAbort = () => {
        if (done) return;
        finish();
        if (this.opts.abortMode === 'terminate' && worker) this.reset(worker);
        reject(new AbortError());
      };
      const onCrash = (e: Error) => {
        if (done) return;
        finish();
        reject(e);
      };
      const onHang = () => {
        if (done) return;
        finish();
        if (worker) this.reset(worker);
        reject(new Error(`${this.opts.name} worker showed no progress for ${this.opts.hangTimeoutMs} ms`));
      };
      let timer = setTimeout(onHang, this.opts.hangTimeoutMs);
      const alive = () => {
        if (done) return;
        clearTimeout(timer);
        timer = setTimeout(onHang, this.opts.hangTimeoutMs);
      };
      signal.addEventListener('abort', onAbort);
      this.crashListeners.add(onCrash);
      job(api, alive, attempt).then(
        (v) => {
          if (done) return;
          finish();
          resolve(v);
        },
        (e: unknown) => {
          if (done) return;
          finish();
          // An exception thrown by the job itself is not a crash: report it as is (no retry).
          reject(new JobError(e));
        },
      );
    });
  }
}

/** Wraps an error the worker function threw, so it is not mistaken for a crash. */
class JobError extends Error {
  override readonly cause: unknown;
  constructor(cause: unknown) {
    super('job error');
    this.cause = cause;
  }
}

function abortPromise(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
