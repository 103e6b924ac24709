// Configuration from the environment, with the defaults DESIGN.md promises. Read once, at start.
import { readFileSync } from 'node:fs';

export interface Env {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  seedDemo: boolean;
  cookieSecure: boolean; // behind an HTTPS proxy: the session cookie is always marked Secure
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const port = Number(source.PORT ?? 8080);
  return {
    port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : 8080,
    // Pre-IPO financial data is material non-public information: loopback unless an address is configured.
    host: source.HOST?.trim() || '127.0.0.1',
    dataDir: source.DATA_DIR ?? './data',
    databaseUrl: source.DATABASE_URL?.trim() || null,
    seedDemo: source.SEED_DEMO !== '0',
    cookieSecure: source.COOKIE_SECURE === '1',
  };
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

// Loopback addresses: only this computer can connect.
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}
