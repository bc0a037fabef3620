// The guichet's SNE call slots (design.md: exactly 4 in flight). Whatever calls the SNE on a
// DLS's behalf, the sync's fetch queue or a DRM batch for selected candidates, takes a slot
// here first, so that together they never exceed the limit the SNE sees. FIFO: a batch started
// during a sync interleaves with it instead of starving it.
export interface SlotLimiter {
  readonly capacity: number;
  /** Calls currently holding a slot. */
  readonly inFlight: number;
  /** Runs the task once a slot is free; an aborted wait rejects without running it. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export function createSlotLimiter(capacity = 4): SlotLimiter {
  let inFlight = 0;
  const waiting: { start: () => void; signal: AbortSignal | undefined }[] = [];

  function release(): void {
    inFlight--;
    while (waiting.length > 0 && inFlight < capacity) {
      const next = waiting.shift();
      if (next && !next.signal?.aborted) {
        inFlight++;
        next.start();
      }
    }
  }

  function acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (inFlight < capacity) {
      inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = { start: resolve, signal };
      waiting.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          const i = waiting.indexOf(entry);
          if (i >= 0) waiting.splice(i, 1);
          reject(abortReason(signal));
        },
        { once: true },
      );
    });
  }

  return {
    capacity,
    get inFlight() {
      return inFlight;
    },
    async run(task, signal) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}
