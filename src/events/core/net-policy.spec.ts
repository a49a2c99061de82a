import { isPrivateAddress, urlProblem } from './net-policy';

describe('webhook target policy', () => {
  it('refuses loopback, private, link-local and unique-local addresses', () => {
    const refused = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '224.0.0.1',
    ];
    expect(refused.filter((ip) => !isPrivateAddress(ip))).toEqual([]);
  });

  it('allows public addresses', () => {
    const allowed = ['8.8.8.8', '172.32.0.1', '192.169.0.1', '2001:4860:4860::8888', '::ffff:8.8.4.4', '100.128.0.1'];
    expect(allowed.filter((ip) => isPrivateAddress(ip))).toEqual([]);
  });

  it('names what is wrong with a URL', () => {
    expect(urlProblem('ftp://example.com/x')).toBe('must be an http(s) URL');
    expect(urlProblem('not a url')).toBe('must be an absolute http(s) URL');
    expect(urlProblem('https://u:p@example.com/')).toBe('must not carry credentials');
    expect(urlProblem('https://hooks.example.com/imr')).toBeNull();
  });
});
