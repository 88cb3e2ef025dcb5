import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { Plugin } from 'graphql-yoga';
import { errorResponse } from './access.js';
import { GRAPHIQL_DEFAULT_QUERY } from './graphiql-query.js';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

type Encoding = 'br' | 'gzip' | 'identity';

/**
 * One rendering of the page, kept in memory with its compressed forms. The page inlines GraphiQL's
 * scripts (it must work without internet): 9 MB, about 2 MB compressed. Compressing runs once per
 * encoding, on zlib's thread pool, not on the request thread. Brotli at quality 5 is ~0.4 s for
 * 1.95 MB; quality 11 would save 0.2 MB for 25 s.
 */
class RenderedPage {
  readonly etag: string;
  private readonly encoded = new Map<Encoding, Promise<Buffer>>();
  constructor(private readonly html: Buffer) {
    this.etag = createHash('sha256').update(html).digest('base64url').slice(0, 27);
    this.encoded.set('identity', Promise.resolve(html));
  }

  body(encoding: Encoding): Promise<Buffer> {
    let body = this.encoded.get(encoding);
    if (!body) {
      body = encoding === 'br'
        ? brotliAsync(this.html, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: this.html.length } })
        : gzipAsync(this.html, { level: 9 });
      this.encoded.set(encoding, body);
    }
    return body;
  }

  /** Each encoding is its own representation, so it has its own strong validator. */
  tag(encoding: Encoding): string {
    return encoding === 'identity' ? `"${this.etag}"` : `"${this.etag}-${encoding}"`;
  }
}

/** The best encoding the client accepts (q=0 refuses one), br before gzip. */
export function chooseEncoding(acceptEncoding: string | null): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name, q ? Number(q[1]) : 1);
  }
  const quality = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (quality('br') > 0) return 'br';
  if (quality('gzip') > 0) return 'gzip';
  return 'identity';
}

/** Whether If-None-Match names this representation (weak comparison, as RFC 9110 asks for GET). */
function matches(ifNoneMatch: string | null, tag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const candidate = t.trim().replace(/^W\//, '');
    return candidate === '*' || candidate === tag;
  });
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether the page may carry the development key: the browser addressed this very server by a
 * loopback name and its own port. A page of another site whose name was rebound to 127.0.0.1 (DNS
 * rebinding) is loaded with that site's name in Host, and gets the page without the key.
 */
export function isLoopbackHost(host: string | null, localPort: number | undefined): boolean {
  if (!host || localPort == null) return false;
  const match = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!match || !LOOPBACK_NAMES.has(match[1])) return false;
  return Number(match[2] ?? 80) === localPort;
}

/**
 * A browser's GET of the endpoint. As with Yoga's own GraphiQL, `?query=` opens the page on that
 * query (a shared link) rather than running it.
 */
function isPageRequest(request: Request, url: URL): boolean {
  return request.method === 'GET'
    && (url.pathname === '/graphql' || url.pathname === '/graphql/')
    && (request.headers.get('accept') ?? '').includes('text/html');
}

export interface GraphiQLOptions {
  enabled: boolean;
  /** The development key, preset in the page's headers when the request's Host allows it. */
  developmentKey?: string;
}

/**
 * GET /graphql from a browser: the GraphiQL page, rendered once, compressed per Accept-Encoding,
 * with an ETag (304 on If-None-Match). Registered after the access plugin, so that it is
 * rate-limited like every request. Off: 404, saying how to turn it on.
 */
export function useGraphiQLPage({ enabled, developmentKey }: GraphiQLOptions): Plugin {
  const render = (key?: string) =>
    new RenderedPage(Buffer.from(renderGraphiQL({
      title: 'newsgraph',
      defaultQuery: GRAPHIQL_DEFAULT_QUERY,
      ...(key ? { headers: JSON.stringify({ Authorization: `Bearer ${key}` }) } : {}),
    })));
  let page: RenderedPage | undefined;
  let keyPage: RenderedPage | undefined;

  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      if (!isPageRequest(request, url)) return;
      if (!enabled) {
        // With the page off, a browser's GET of an operation is answered as one.
        if (url.searchParams.has('query')) return;
        return endResponse(errorResponse(404, 'GraphiQL is off on this server (GRAPHIQL=true turns it on). Send GraphQL operations to this endpoint with POST.', { code: 'NOT_FOUND' }));
      }
      const localPort = (serverContext as { req?: { socket?: { localPort?: number } } } | undefined)?.req?.socket?.localPort;
      const withKey = developmentKey != null && isLoopbackHost(request.headers.get('host'), localPort);
      const rendered = withKey ? (keyPage ??= render(developmentKey)) : (page ??= render());
      const encoding = chooseEncoding(request.headers.get('accept-encoding'));
      const tag = rendered.tag(encoding);
      const headers: Record<string, string> = {
        etag: tag,
        vary: 'Accept-Encoding',
        // The page with the key is the developer's own: no shared cache may keep it, and the
        // browser asks again each time (a restart makes a new key, and a new ETag). The page
        // without it changes only with a new version of the server.
        'cache-control': withKey ? 'private, no-cache' : 'public, max-age=3600',
      };
      if (matches(request.headers.get('if-none-match'), tag)) return endResponse(new Response(null, { status: 304, headers }));
      const body = await rendered.body(encoding);
      if (encoding !== 'identity') headers['content-encoding'] = encoding;
      endResponse(new Response(body as Uint8Array<ArrayBuffer>, { status: 200, headers: { ...headers, 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length) } }));
    },
  };
}
