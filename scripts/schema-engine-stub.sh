#!/bin/sh
# Stand-in for Prisma's native schema-engine binary, which cannot be downloaded on this network.
# prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here so that `prisma generate`, `validate` and
# `format` (which never run the binary) work offline. Migrations run through the wasm engine instead:
# npm run migrate | migration:create | check:migrations (server/storage/schema-engine.ts).
echo "schema-engine stub: the native Prisma schema engine is not available here." >&2
echo "Use npm run migrate, npm run migration:create or npm run check:migrations instead of prisma migrate/db." >&2
exit 1
