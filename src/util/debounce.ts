/**
 * Calls `fn` at most once per `ms`: the first call runs at the end of the window, later calls in the window are folded
 * into it. For wake-up nudges where one call per burst is enough.
 */
export function debounce(ms: number, fn: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
    timer.unref();
  };
}
