/**
 * Statistics over the runs' timings, and how a time is printed.
 */

export type Stats = { median: number; min: number; max: number; spread: number; p90: number };

/** The median (the mean of the two middle values for an even count). */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Nearest-rank percentile. */
export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** Median, extremes, spread and p90 of the values. */
export const stats = (values: number[]): Stats => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
  spread: Math.max(...values) - Math.min(...values),
  p90: percentile(values, 90),
});

/** A time as printed: whole milliseconds. */
export const ms = (n: number): string => `${Math.round(n)} ms`;
