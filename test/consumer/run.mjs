// Runs the compiled app from plain Node ESM: node run.mjs URL [API_KEY]
import { main } from './dist/app.js';

const url = process.argv[2];
if (!url) throw new Error('usage: node run.mjs URL');
console.log(JSON.stringify(await main(url, process.argv[3])));
