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
    // Asked for explicitly, the key still keeps CORS closed.
    expect(readSettings({ NODE_ENV: 'production', DEV_KEY: 'true' })).toMatchObject({ development: true, corsOrigins: [] });
    expect(readSettings({ NODE_ENV: 'development', CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual(['https://a.example', 'https://b.example']);
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
