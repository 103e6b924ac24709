// The run whose figure is the median of the runs' (the middle one of an odd number of runs).
export function medianBy<T>(xs: readonly T[], figure: (x: T) => number): T {
  return [...xs].sort((x, y) => figure(x) - figure(y))[Math.floor(xs.length / 2)]!;
}
