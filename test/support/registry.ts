// A real registry for tests and benchmarks: Debian's docker-registry (distribution 2.8) on a
// free loopback port with its own temporary storage and config, optionally behind htpasswd
// Basic auth, a token service (tokenServer below) or sending CORS headers; stopped by stop().
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCommands } from './system-tools.ts';

export interface TestRegistry {
  /** "127.0.0.1:PORT" */
  host: string;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /** htpasswd Basic auth with these users (user -> password). */
  users?: Record<string, string>;
  /** Token auth against this token service. */
  token?: TokenServer;
  /** Send the CORS headers a page needs (http.headers), for this origin ("*" for any). */
  cors?: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function yamlList(values: string[]): string {
  return `[${values.map((v) => `'${v}'`).join(', ')}]`;
}

export async function startRegistry(options: RegistryOptions = {}): Promise<TestRegistry> {
  ensureCommands(['docker-registry', ...(options.users ? ['htpasswd'] : [])]);
  const dir = mkdtempSync(join(tmpdir(), 'wharf-registry-'));
  const port = await freePort();
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
  ];
  if (options.cors) {
    lines.push(
      '  headers:',
      `    Access-Control-Allow-Origin: ${yamlList([options.cors])}`,
      `    Access-Control-Allow-Methods: ${yamlList(['HEAD', 'GET', 'OPTIONS', 'POST', 'PUT', 'PATCH'])}`,
      `    Access-Control-Allow-Headers: ${yamlList(['Authorization', 'Accept', 'Content-Type', 'Content-Range'])}`,
      `    Access-Control-Expose-Headers: ${yamlList(['Docker-Content-Digest', 'Location', 'Range', 'WWW-Authenticate'])}`,
    );
  }
  if (options.users) {
    const htpasswd = Object.entries(options.users)
      .map(([u, p]) => execFileSync('htpasswd', ['-Bbn', u, p], { encoding: 'utf8' }).trim())
      .join('\n');
    writeFileSync(join(dir, 'htpasswd'), htpasswd + '\n');
    lines.push('auth:', '  htpasswd:', '    realm: wharf-test', `    path: ${join(dir, 'htpasswd')}`);
  } else if (options.token) {
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${options.token.url}/token`,
      `    service: ${options.token.service}`,
      `    issuer: ${options.token.issuer}`,
      `    rootcertbundle: ${options.token.certFile}`,
    );
  }
  writeFileSync(join(dir, 'config.yml'), lines.join('\n') + '\n');
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const host = `127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`docker-registry exited (${child.exitCode}): ${stderr}`);
    }
    try {
      await fetch(`http://${host}/v2/`);
      break;
    } catch {
      if (i > 200) {
        await stop();
        throw new Error(`docker-registry did not answer on ${host}: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { host, stop };
}

export interface TokenServer {
  url: string;
  service: string;
  issuer: string;
  certFile: string;
  /** Token requests it answered, with the scopes asked for. */
  requests: { account?: string; scopes: string[]; status: number }[];
  stop(): Promise<void>;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * A token service as distribution's token auth spec describes it: Basic credentials in, an
 * RS256 JWT out whose x5c header carries the certificate the registry trusts (rootcertbundle).
 * Logged-in users get what they ask for; anonymous requests are refused.
 */
export async function startTokenServer(users: Record<string, string>): Promise<TokenServer> {
  ensureCommands(['openssl']);
  const dir = mkdtempSync(join(tmpdir(), 'wharf-token-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=wharf-test-token',
    ],
    { stdio: 'ignore' },
  );
  const key = readFileSync(keyFile, 'utf8');
  const der = Buffer.from(
    readFileSync(certFile, 'utf8')
      .replace(/-----[A-Z ]+-----/g, '')
      .replace(/\s+/g, ''),
    'base64',
  );
  const service = 'wharf-test-registry';
  const issuer = 'wharf-test-issuer';
  const requests: TokenServer['requests'] = [];
  const server: Server = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://token');
    const scopes = url.searchParams.getAll('scope');
    const auth = req.headers.authorization;
    let account: string | undefined;
    if (auth?.startsWith('Basic ')) {
      const [u, p] = Buffer.from(auth.slice(6), 'base64').toString().split(/:(.*)/s) as [string, string];
      if (users[u] === p) account = u;
    }
    const status = account === undefined ? 401 : 200;
    requests.push({ ...(account ? { account } : {}), scopes, status });
    if (account === undefined) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"details":"login required"}');
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const access = scopes.flatMap((s) => {
      const m = /^repository:(.+):([a-z,*]+)$/.exec(s);
      return m ? [{ type: 'repository', name: m[1], actions: m[2]!.split(',') }] : [];
    });
    const header = { typ: 'JWT', alg: 'RS256', x5c: [der.toString('base64')] };
    const claims = {
      iss: issuer,
      sub: account,
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const unsigned = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(key);
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ token: `${unsigned}.${b64url(signature)}`, expires_in: 300 }));
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}`,
    service,
    issuer,
    certFile,
    requests,
    stop: async () => {
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
