// WWW-Authenticate parsing and Docker's config.json credentials.
import { describe, expect, it } from 'vitest';
import { dockerConfigCredentials, parseChallenges, parseCreds } from '../../../src/core/registry/index.ts';

describe('parseChallenges', () => {
  it('reads a Bearer challenge with quoted params, and a Basic one after it', () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push", Basic realm="x \\"y\\""',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull,push' },
      },
      { scheme: 'basic', params: { realm: 'x "y"' } },
    ]);
  });

  it('gives [] for nothing it can read', () => {
    expect(parseChallenges('')).toEqual([]);
  });
});

describe('dockerConfigCredentials', () => {
  const auth = (s: string) => Buffer.from(s).toString('base64');
  const lookup = dockerConfigCredentials(
    JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: auth('hub:pw') },
        'localhost:5000': { auth: auth('alice:pa:ss') },
        'http://reg.example:8080/': { username: 'bob', password: 'x' },
      },
    }),
    'config.json',
  );

  it('finds credentials by host, whatever scheme or path the key has', () => {
    expect(lookup('localhost:5000')).toEqual({ username: 'alice', password: 'pa:ss' });
    expect(lookup('reg.example:8080')).toEqual({ username: 'bob', password: 'x' });
    expect(lookup('docker.io')).toEqual({ username: 'hub', password: 'pw' });
    expect(lookup('other:1')).toBeUndefined();
  });

  it('names the file and entry of a bad auth field', () => {
    expect(() =>
      dockerConfigCredentials('{"auths":{"h":{"auth":"bm9jb2xvbg=="}}}', '/home/u/.docker/config.json'),
    ).toThrow('/home/u/.docker/config.json: auths["h"]: "auth" does not hold user:password');
  });

  it('--creds splits at the first colon', () => {
    expect(parseCreds('u:a:b')).toEqual({ username: 'u', password: 'a:b' });
    expect(() => parseCreds('nocolon')).toThrow('--creds: expected USER:PASSWORD');
  });
});
