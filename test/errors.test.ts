import { describe, expect, it } from 'vitest';
import { startTestService, TEST_PROVIDERS } from './harness.js';

describe.each(TEST_PROVIDERS)('unexpected errors on %s', (provider) => {
  it('are masked for the client and logged on the server with their stack', async () => {
    const service = await startTestService(provider);
    try {
      await service.db.prisma.$executeRawUnsafe('DROP TABLE "Source" CASCADE'.replace(provider === 'sqlite' ? ' CASCADE' : '', ''));
      const result = await service.gql('{ sources { totalCount } }');
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]).toEqual({
        message: 'Unexpected error.',
        path: ['sources', 'totalCount'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      });
      expect(result.data).toBeNull();
      expect(JSON.stringify(result)).not.toMatch(/prisma|no such table|does not exist|\.ts:\d+/i);
      expect(service.logged).toHaveLength(1);
      // Other fields still work.
      expect(await service.data('{ articles { totalCount } }')).toEqual({ articles: { totalCount: 0 } });
      // The client's request id finds the log line with the stack.
      expect(service.logged[0]).toMatchObject({
        level: 'error', msg: 'unexpected error', requestId: result.errors![0].extensions!.requestId, path: ['sources', 'totalCount'], error: { stack: expect.any(String) },
      });
    } finally {
      await service.dispose();
    }
  });
});
