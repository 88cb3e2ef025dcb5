/**
 * Token buckets, one per key or per IP address: each holds a minute's worth of requests and refills
 * continuously, so a client may burst up to its limit and then goes at limit/60 requests a second.
 */
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
    this.buckets.set(identity, bucket);
    if (this.buckets.size > 100_000) this.forgetFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000));
  }

  /** Buckets idle for a minute are full again: forgetting them changes nothing. */
  private forgetFull(now: number): void {
    for (const [identity, bucket] of this.buckets) if (now - bucket.at >= 60_000) this.buckets.delete(identity);
  }
}
