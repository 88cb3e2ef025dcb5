#!/usr/bin/env node
// The `newsgraph` command: runs server/cli.ts through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
