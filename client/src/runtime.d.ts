// The few runtime globals the client uses, present in Node 18+ and browsers. Declared here so the
// package builds without DOM or Node type libraries; not part of the published types.
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare class AbortController {
  readonly signal: unknown;
  abort(reason?: unknown): void;
}
