import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { NewsgraphError, type GraphQLErrorEntry } from './errors.js';

/** The part of `fetch` the client uses; the global fetch of Node 18+ and browsers fits. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: any },
) => Promise<{ ok: boolean; status: number; statusText: string; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>`: writes need a key (write or admin scope), and reads too where the server requires it. */
  apiKey?: string;
  /** Another fetch (for tests, proxies, retries); the global fetch by default. */
  fetch?: FetchLike;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** Milliseconds before a request is abandoned as a network failure; none by default. */
  timeoutMs?: number;
  /**
   * Send the hash of each ready operation instead of its text (extensions.persistedQuery), as a
   * server with TRUSTED_DOCUMENTS requires. Documents without a hash (an app's own) are sent as text.
   */
  persistedDocuments?: boolean;
}

/** `{}` when an operation has no variables, so that they can be left out. */
type VariablesArg<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

export interface NewsgraphClient {
  /** Runs a typed document; resolves to its typed data, or rejects with a NewsgraphError. */
  request<Result, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Result, Variables>,
    ...variables: VariablesArg<Variables>
  ): Promise<Result>;
  readonly url: string;
}

/** The hash that GraphQL Code Generator's persisted-documents option puts on each generated document. */
function hashOf(document: DocumentNode): string | undefined {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  return typeof hash === 'string' ? hash.replace(/^sha256:/, '') : undefined;
}

const printed = new WeakMap<DocumentNode, string>();
function source(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

export function createClient(options: ClientOptions): NewsgraphClient {
  const doFetch: FetchLike | undefined = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
  if (!doFetch) throw new TypeError('No fetch available: pass options.fetch');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
    ...options.headers,
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  };

  return {
    url: options.url,
    async request(document, ...[variables]) {
      const hash = options.persistedDocuments ? hashOf(document as DocumentNode) : undefined;
      const body = JSON.stringify(
        hash
          ? { variables: variables ?? {}, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }
          : { query: source(document as DocumentNode), variables: variables ?? {} },
      );
      const controller = options.timeoutMs ? new AbortController() : undefined;
      const timer = controller ? setTimeout(() => controller.abort(), options.timeoutMs) : undefined;
      let response: Awaited<ReturnType<FetchLike>>;
      let text: string;
      try {
        response = await doFetch(options.url, { method: 'POST', headers, body, signal: controller?.signal });
        text = await response.text();
      } catch (cause) {
        throw new NewsgraphError('network', `newsgraph at ${options.url} could not be reached: ${(cause as Error)?.message ?? cause}`, { cause });
      } finally {
        if (timer) clearTimeout(timer);
      }
      let payload: { data?: any; errors?: GraphQLErrorEntry[] } | undefined;
      try {
        payload = JSON.parse(text);
      } catch {
        payload = undefined;
      }
      if (!payload || typeof payload !== 'object' || (!('data' in payload) && !('errors' in payload))) {
        throw new NewsgraphError('http', `newsgraph answered HTTP ${response.status} ${response.statusText} without a GraphQL result`, {
          status: response.status,
        });
      }
      if (payload.errors?.length) {
        const first = payload.errors[0];
        const more = payload.errors.length > 1 ? ` (and ${payload.errors.length - 1} more)` : '';
        throw new NewsgraphError('graphql', `${first.message}${more}`, { errors: payload.errors, status: response.status, data: payload.data });
      }
      if (!response.ok) {
        throw new NewsgraphError('http', `newsgraph answered HTTP ${response.status} ${response.statusText}`, { status: response.status, data: payload.data });
      }
      return payload.data;
    },
  };
}
