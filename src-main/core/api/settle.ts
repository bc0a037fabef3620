// Runs a synchronous read or write as a promise: a throw becomes a rejection, so that every
// GuichetApi method fails the same way whichever transport calls it.
export function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}
