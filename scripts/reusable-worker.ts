// One worker thread that a process reuses for every call of one kind (openapi-typescript's types, the package's
// declarations): what it loaded and parsed stays for the next call. It holds the process open only while a call waits
// on it, and stops after `idleMs` with nothing to do. The worker's code is plain JavaScript, passed as text, so that it
// runs under Node's own loader whatever the caller's is (tsx, or Jest's registry); it answers each `{ id, request }`
// with `{ id, result }` or `{ id, error }`.
import { Worker } from "node:worker_threads";

interface Reply<A> {
  id: number;
  result?: A;
  error?: string;
}

interface Pending<A> {
  resolve: (result: A) => void;
  reject: (error: Error) => void;
}

export interface ReusableWorker<Q, A> {
  /** The worker's answer to `request`; the worker is started (or kept from stopping) for it. */
  call(request: Q): Promise<A>;
  /** Starts the worker, so that its loading overlaps the caller's own work; like an idle worker, it holds nothing open. */
  warmUp(): void;
  /** Terminates the worker, in the middle of a call too: each call waiting on it is rejected with `reason`. */
  stop(reason?: Error): void;
}

export function reusableWorker<Q, A>(options: { source: string; name: string; idleMs: number; workerData?: unknown }): ReusableWorker<Q, A> {
  const { source, name, idleMs, workerData } = options;
  let worker: Worker | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending<A>>();

  const stop = (reason = new Error(`${name}: worker stopped`)) => {
    const stopping = worker;
    worker = undefined;
    clearTimeout(idleTimer);
    for (const call of pending.values()) call.reject(reason);
    pending.clear();
    void stopping?.terminate();
  };

  const idle = (fresh: Worker) => {
    fresh.unref();
    idleTimer = setTimeout(() => worker === fresh && pending.size === 0 && stop(), idleMs).unref();
  };

  const started = (): Worker => {
    if (worker) return worker;
    const fresh = new Worker(source, { eval: true, workerData });
    fresh.on("message", ({ id, result, error }: Reply<A>) => {
      const call = pending.get(id);
      pending.delete(id);
      if (error === undefined) call?.resolve(result as A);
      else call?.reject(new Error(`${name}: ${error}`));
      if (pending.size === 0) idle(fresh);
    });
    fresh.on("error", (error) => worker === fresh && stop(new Error(`${name}: ${error.message}`)));
    fresh.on("exit", (code) => worker === fresh && stop(new Error(`${name}: worker exited (code ${code})`)));
    worker = fresh;
    return fresh;
  };

  return {
    call(request) {
      const serving = started();
      clearTimeout(idleTimer);
      serving.ref();
      const id = nextId++;
      return new Promise<A>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        serving.postMessage({ id, request });
      });
    },
    warmUp() {
      if (!worker) idle(started());
    },
    stop,
  };
}
