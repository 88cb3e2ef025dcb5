import { serve } from './serve.js';

serve().catch((error) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'fatal', msg: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
});
