/** server/settings.ts: what the environment turns into, and the messages for values nobody chose. */
import { describe, expect, it } from 'vitest';
import { readServerSettings, readSettings } from '../server/settings.js';

describe('settings from the environment', () => {
  it('makes a development key only on loopback, and then lets no other origin read the page that carries it', () => {
    expect(readSettings({ NODE_ENV: 'development' })).toMatchObject({ development: true, corsOrigins: [] });
    // An empty HOST is the default host, loopback, for both the key and the listening address.
    expect(readSettings({ NODE_ENV: 'development', HOST: '' }).development).toBe(true);
    expect(readServerSettings({ HOST: '' }).host).toBe('127.0.0.1');
    expect(readSettings({ NODE_ENV: 'development', HOST: '0.0.0.0' })).toMatchObject({ development: false, corsOrigins: ['*'] });
    expect(readSettings({ NODE_ENV: 'production' })).toMatchObject({ development: false, corsOrigins: ['*'] });
    expect(readSettings({ NODE_ENV: 'development', CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('makes a development key only in development proper: NODE_ENV unset or development, loopback, no proxy, no CORS origins (issue 12, case 6)', () => {
    expect(readSettings({}).development).toBe(true);
    expect(readSettings({ HOST: '::1' }).development).toBe(true);
    expect(readSettings({ CORS_ORIGINS: '' }).development).toBe(true);
    expect(readSettings({ DEV_KEY: 'false' }).development).toBe(false);
    for (const env of [{ NODE_ENV: 'production' }, { NODE_ENV: 'test' }, { NODE_ENV: 'staging' }, { HOST: '0.0.0.0' }, { HOST: '127.0.0.1', TRUST_PROXY: 'true' }, { CORS_ORIGINS: 'https://a.example' }, { CORS_ORIGINS: '*' }]) {
      expect(readSettings(env).development, JSON.stringify(env)).toBe(false);
      // Asking for it there is refused, with the reason, rather than quietly granted or ignored.
      expect(() => readSettings({ ...env, DEV_KEY: 'true' }), JSON.stringify(env)).toThrow(/^DEV_KEY=true needs development proper, but (NODE_ENV|HOST|TRUST_PROXY|CORS_ORIGINS)/);
    }
    expect(() => readSettings({ HOST: '127.0.0.1', TRUST_PROXY: 'true', DEV_KEY: 'true' })).toThrow('DEV_KEY=true needs development proper, but TRUST_PROXY is on (the server is behind a proxy)');
  });

  it('serves GraphiQL by default except in production, where GRAPHIQL=true turns it on (case 4)', () => {
    expect(readSettings({}).graphiql).toBe(true);
    expect(readSettings({ NODE_ENV: 'production' }).graphiql).toBe(false);
    expect(readSettings({ NODE_ENV: 'production', GRAPHIQL: 'true' }).graphiql).toBe(true);
    expect(readSettings({ GRAPHIQL: 'false' }).graphiql).toBe(false);
    expect(() => readSettings({ GRAPHIQL: 'on' })).toThrow('GRAPHIQL must be true or false; it is "on"');
  });

  it('reads the server process\'s own variables, with their defaults', () => {
    expect(readServerSettings({})).toEqual({ host: '127.0.0.1', port: 4000, seedSample: true, logLevel: 'info', logRequests: true, shutdownGraceMs: 10_000 });
    expect(readServerSettings({ HOST: '0.0.0.0', PORT: '0', SEED_SAMPLE: 'false', LOG_LEVEL: 'warn', LOG_REQUESTS: 'no', SHUTDOWN_GRACE_MS: '0' }))
      .toEqual({ host: '0.0.0.0', port: 0, seedSample: false, logLevel: 'warn', logRequests: false, shutdownGraceMs: 0 });
  });

  it('refuses a malformed value and names the variable', () => {
    expect(() => readServerSettings({ PORT: 'abc' })).toThrow('PORT must be an integer of at least 0; it is "abc"');
    expect(() => readServerSettings({ SHUTDOWN_GRACE_MS: '-1' })).toThrow('SHUTDOWN_GRACE_MS must be an integer of at least 0; it is "-1"');
    expect(() => readServerSettings({ LOG_LEVEL: 'verbose' })).toThrow('LOG_LEVEL must be one of debug, info, warn, error; it is "verbose"');
    expect(() => readServerSettings({ SEED_SAMPLE: 'maybe' })).toThrow('SEED_SAMPLE must be true or false; it is "maybe"');
    expect(() => readSettings({ MAX_DEPTH: '0' })).toThrow('MAX_DEPTH must be an integer of at least 1; it is "0"');
  });
});
