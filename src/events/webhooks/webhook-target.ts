import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress } from '../core/net-policy';

/**
 * Resolves a target host and refuses private ones (unless allowed). Run at registration and again
 * before every delivery, so a name that later resolves to an internal address is refused then too.
 */
export async function targetProblem(url: URL, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      return `host ${host} does not resolve`;
    }
  }
  const bad = addresses.find(isPrivateAddress);
  return bad ? `resolves to a loopback or private address (${bad}); set IMR_WEBHOOK_ALLOW_PRIVATE=true to allow` : null;
}
