/**
 * Memory of a benchmark server after a forced garbage collection, without changing the server: the
 * servers start with `--inspect-port=0` (in NODE_OPTIONS), which opens nothing until SIGUSR1; then
 * Node's inspector listens on a free port of 127.0.0.1 and names it on stderr. Through it we ask V8
 * for a full GC and read process.memoryUsage(). Done after a server's last run, as the inspector
 * left open could cost the measurements something.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import WebSocket from 'ws';
import { rssMB } from './proc.js';

export const INSPECT_ON_SIGNAL = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect-port=0`.trim() };

export interface AfterGc {
  rssMB: number;
  heapUsedMB: number;
}

export async function memoryAfterGc(child: ChildProcess, timeoutMs = 10_000): Promise<AfterGc | null> {
  if (!child.stderr || child.pid == null) return null;
  const stderr = child.stderr;
  const url = new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('no inspector URL on stderr')), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk;
      const found = /Debugger listening on (ws:\/\/\S+)/.exec(buffer)?.[1];
      if (found) {
        clearTimeout(timer);
        stderr.off('data', onData);
        resolve(found);
      }
    };
    stderr.on('data', onData);
  });
  child.kill('SIGUSR1');
  let ws: WebSocket | undefined;
  try {
    ws = new WebSocket(await url);
    await once(ws, 'open');
    let next = 0;
    const call = (method: string, params: Record<string, unknown> = {}) =>
      new Promise<any>((resolve, reject) => {
        const id = ++next;
        const onMessage = (data: WebSocket.RawData) => {
          const message = JSON.parse(data.toString());
          if (message.id !== id) return;
          ws!.off('message', onMessage);
          if (message.error) reject(new Error(message.error.message));
          else resolve(message.result);
        };
        ws!.on('message', onMessage);
        ws!.send(JSON.stringify({ id, method, params }));
      });
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    const { heapUsed } = JSON.parse(usage.result.value) as { heapUsed: number };
    return { rssMB: rssMB(child.pid), heapUsedMB: Math.round(heapUsed / 2 ** 20) };
  } catch (error) {
    console.error(`memory after GC of pid ${child.pid}: ${(error as Error).message}`);
    return null;
  } finally {
    ws?.close();
  }
}
