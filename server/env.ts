// Configuration from the environment, with the defaults DESIGN.md promises. Read once, at start.
import { readFileSync } from 'node:fs';

export interface Env {
  port: number;
  host: string;
  dataDir: string;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const port = Number(source.PORT ?? 8080);
  return {
    port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 8080,
    host: source.HOST ?? '127.0.0.1',
    dataDir: source.DATA_DIR ?? './data',
  };
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
