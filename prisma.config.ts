// Prisma CLI configuration (Prisma 7).
//
// The CLI downloads a native schema-engine binary before `generate`, `validate` and `format`, which
// fails offline although those commands never run it. Pointing PRISMA_SCHEMA_ENGINE_BINARY at a stub
// makes them work. `prisma migrate *` / `prisma db *` do need the real binary: use
// `npm run migrate`, `npm run migration:create`, `npm run check:migrations` (wasm engine) instead.
// On a machine that has the real binary, set PRISMA_SCHEMA_ENGINE_BINARY yourself and it is kept.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
  new URL('./scripts/schema-engine-stub.sh', import.meta.url),
);
// No update check against checkpoint.prisma.io (unreachable offline).
process.env.CHECKPOINT_DISABLE ??= '1';

export default defineConfig({
  // The default schema for a bare `prisma` command; pass `--schema prisma/postgres/schema.prisma`
  // for the PostgreSQL one. Migrations live next to each rendered schema (prisma/<provider>/migrations).
  schema: 'prisma/sqlite/schema.prisma',
});
