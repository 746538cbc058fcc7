import { afterEach, describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { evaluateAnalytic } from '../../src/evaluate/analytic.ts';
import { defaultConfig } from '../../src/schema/schema.ts';
import { createAnalyticJobs } from '../../src/jobs/analytic.ts';
import { AbortError, WorkerBridge, WorkerFailedError, type WorkerLike } from '../../src/jobs/bridge.ts';
import { createExplorerStore } from '../../src/state/store.ts';
import { modelApi } from '../../workers/model-api.ts';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

type Endpoint = Parameters<typeof Comlink.wrap>[0];
const open: { close(): void }[] = [];
afterEach(() => {
  for (const p of open.splice(0)) p.close();
});

/** A "worker" in the same process: comlink over a MessageChannel (README.md Layout; comlink's same-window tests). */
function fakeWorker<T extends object>(api: T, onStart?: () => void): WorkerLike & Endpoint {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(api, nodeEndpoint(port2));
  open.push(port1, port2);
  onStart?.();
  const ep = nodeEndpoint(port1) as unknown as Endpoint;
  const listeners: ((e: Event) => void)[] = [];
  const original = ep.addEventListener.bind(ep);
  return Object.assign(ep, {
    terminate() {
      port1.close();
      port2.close();
    },
    addEventListener(type: string, l: (e: Event) => void) {
      if (type === 'error' || type === 'messageerror') listeners.push(l);
      else original(type as 'message', l as never);
    },
    crash(msg: string) {
      for (const l of listeners) l({ message: msg } as unknown as Event);
    },
  });
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('store + jobs + model worker API (over a MessageChannel)', () => {
  it('a field change runs the analytic job and stores the same numbers as a direct evaluation', async () => {
    const jobs = createAnalyticJobs(() => fakeWorker(modelApi) as unknown as Worker);
    const store = createExplorerStore({ analytic: jobs });
    expect(store.getState().actions.setField('device.voltageV', 0.8)).toBe(true);
    await until(() => store.getState().analytic.status === 'done');
    const got = store.getState().analytic.value!;
    const want = evaluateAnalytic({ ...defaultConfig(), device: { ...defaultConfig().device, voltageV: 0.8 } });
    expect(got.ok && want.ok).toBe(true);
    if (got.ok && want.ok) {
      const [g, w] = [got.result.device, want.result.device];
      expect(g.ok && w.ok).toBe(true);
      if (g.ok && w.ok) {
        expect(g.relaxed).toEqual(w.relaxed);
        expect(Array.from(g.curves.curves[0]!.wer)).toEqual(Array.from(w.curves.curves[0]!.wer));
      }
    }
  });

  it("typing the device's access resistance selects it over the array's transistor (as --access-resistance)", () => {
    const jobs = createAnalyticJobs(() => fakeWorker(modelApi) as unknown as Worker);
    const store = createExplorerStore({ analytic: jobs });
    expect(store.getState().config.system.accessR).toBe('array');
    expect(store.getState().actions.setField('deviceParams.accessResistanceOhm', 2000)).toBe(true);
    expect(store.getState().config.system.accessR).toBe('device');
    expect(store.getState().config.deviceParams.accessResistanceOhm).toBe(2000);
    // choosing the array's transistor again is the user's to make
    expect(store.getState().actions.setField('system.accessR', 'array')).toBe(true);
    expect(store.getState().config.system.accessR).toBe('array');
  });

  it('an invalid value becomes a named-field issue and leaves the configuration unchanged', () => {
    const jobs = createAnalyticJobs(() => fakeWorker(modelApi) as unknown as Worker);
    const store = createExplorerStore({ analytic: jobs });
    const before = store.getState().config;
    expect(store.getState().actions.setField('accelerator.rows', 0)).toBe(false);
    expect(store.getState().config).toBe(before);
    const issue = store.getState().issues[0]!;
    expect(issue.field).toBe('accelerator.rows');
    expect(issue.message).toContain('accelerator.rows: 0 is not accepted (accepted: an integer in [1, 1024])');
  });

  it('superseded jobs are cancelled, never queued: only the last change is evaluated after the one in flight', async () => {
    let calls = 0;
    const slow = {
      async evaluate(c: { device: { voltageV: number } }) {
        calls++;
        await new Promise((r) => setTimeout(r, 30));
        return { ok: false as const, reason: `V=${c.device.voltageV}` };
      },
    };
    const jobs = createAnalyticJobs(() => fakeWorker(slow) as unknown as Worker);
    const store = createExplorerStore({ analytic: jobs });
    const a = store.getState().actions;
    a.setField('device.voltageV', 0.7);
    await until(() => calls === 1); // the first job is in flight
    a.setField('device.voltageV', 0.71);
    a.setField('device.voltageV', 0.72);
    a.setField('device.voltageV', 0.73);
    await until(() => store.getState().analytic.status === 'done');
    const v = store.getState().analytic.value!;
    expect(v.ok ? '' : v.reason).toBe('V=0.73');
    // the first job was in flight; the 2nd and 3rd were aborted before they were sent
    expect(calls).toBe(2);
  });
});

describe('WorkerBridge', () => {
  const api = {
    twice: (x: number) => 2 * x,
    boom: () => {
      throw new Error('bad input');
    },
  };

  it('replaces a crashed worker and re-issues the job once', async () => {
    let started = 0;
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const bridge = new WorkerBridge<typeof api>(
      () => {
        const w = fakeWorker(
          { twice: (x: number) => (started === 1 ? new Promise<number>(() => undefined) : 2 * x) },
          () => started++,
        );
        workers.push(w);
        return w;
      },
      { name: 't', hangTimeoutMs: 5000, abortMode: 'discard' },
    );
    const p = bridge.call((r) => r.twice(21), new AbortController().signal);
    await until(() => workers.length === 1);
    await new Promise((r) => setTimeout(r, 20));
    (workers[0] as unknown as { crash(m: string): void }).crash('segfault');
    await expect(p).resolves.toBe(42);
    expect(bridge.started).toBe(2);
  });

  it('gives up with WorkerFailedError after a second failure (hung twice)', async () => {
    const bridge = new WorkerBridge<typeof api>(
      () => fakeWorker({ twice: () => new Promise<number>(() => undefined) }),
      {
        name: 'hung',
        hangTimeoutMs: 60,
        abortMode: 'discard',
      },
    );
    await expect(bridge.call((r) => r.twice(1), new AbortController().signal)).rejects.toBeInstanceOf(
      WorkerFailedError,
    );
    expect(bridge.started).toBe(2);
  });

  it('progress keeps a long job alive: hung means silent, not slow', async () => {
    const slowButTalking = {
      async run(tick: () => void) {
        for (let i = 0; i < 8; i++) {
          await new Promise((r) => setTimeout(r, 25));
          tick();
        }
        return 'finished';
      },
    };
    const bridge = new WorkerBridge<typeof slowButTalking>(() => fakeWorker(slowButTalking), {
      name: 'long',
      hangTimeoutMs: 80,
      abortMode: 'terminate',
    });
    // 8 x 25 ms = 200 ms in all, far over 80 ms, but never 80 ms without a tick
    const r = bridge.call((api, alive) => api.run(Comlink.proxy(alive)), new AbortController().signal);
    await expect(r).resolves.toBe('finished');
    expect(bridge.started).toBe(1);
  });

  it('reports an error thrown by the job itself without retrying', async () => {
    const bridge = new WorkerBridge<typeof api>(() => fakeWorker(api), {
      name: 'e',
      hangTimeoutMs: 5000,
      abortMode: 'discard',
    });
    await expect(bridge.call((r) => r.boom(), new AbortController().signal)).rejects.toThrow('bad input');
    expect(bridge.started).toBe(1);
  });

  it("abort in 'terminate' mode rejects at once and terminates the worker", async () => {
    let terminated = 0;
    const bridge = new WorkerBridge<typeof api>(
      () => {
        const w = fakeWorker({ twice: () => new Promise<number>(() => undefined) });
        const t = w.terminate;
        w.terminate = () => {
          terminated++;
          t();
        };
        return w;
      },
      { name: 'long', hangTimeoutMs: 5000, abortMode: 'terminate' },
    );
    const ctl = new AbortController();
    const p = bridge.call((r) => r.twice(1), ctl.signal);
    setTimeout(() => ctl.abort(), 20);
    await expect(p).rejects.toBeInstanceOf(AbortError);
    expect(terminated).toBe(1);
  });
});
