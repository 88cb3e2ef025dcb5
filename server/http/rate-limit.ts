/**
 * Token buckets, one per key or per IP address: each holds a minute's worth of requests and refills
 * continuously, so a client may burst up to its limit and then goes at limit/60 requests a second.
 */
/**
 * Memory bound: the least recently seen client is forgotten (its bucket would refill to full within
 * a minute anyway; one flooding with fresh identities only pushes out idle ones).
 */
const MAX_BUCKETS = 100_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly perMinute: (identity: string) => number) {}

  /** 0 when the request may go on; otherwise the whole seconds to wait before retrying. */
  take(identity: string, now = Date.now()): number {
    const capacity = this.perMinute(identity);
    const rate = capacity / 60_000;
    const bucket = this.buckets.get(identity) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    // Re-inserted, so that the map stays in order of last use and the oldest go first.
    this.buckets.delete(identity);
    this.buckets.set(identity, bucket);
    if (this.buckets.size > MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000));
  }
}
