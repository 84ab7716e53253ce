import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Office webhooks are URLs typed by an administrator and called by the worker, inside the organisation's network:
 * without a guard they reach the cloud metadata service, the database, Temporal's admin port (SSRF, OWASP API7). A
 * target must resolve to public addresses only, checked when it is saved and again when it is called, on the very
 * address the connection then uses (a DNS answer that changes in between, DNS rebinding, cannot slip through), and a
 * redirect is never followed (it could point anywhere). WEBHOOK_ALLOW_PRIVATE_TARGETS lifts the address rule for
 * tests, whose receiver listens on 127.0.0.1; production refuses that switch.
 */
const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata at 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64 (would reach IPv4 through the translator)
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6');

/** True for an address a webhook may not reach (IPv4-mapped IPv6 addresses are judged as the IPv4 inside). */
export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return NON_PUBLIC.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class WebhookTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookTargetError';
  }
}

/** The URL itself: http(s), no credentials, a host. */
function parseTarget(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new WebhookTargetError('the webhook URL is not a URL');
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:')
    throw new WebhookTargetError('the webhook URL must be http or https');
  if (target.username || target.password) throw new WebhookTargetError('the webhook URL may not carry credentials');
  return target;
}

const hostOf = (target: URL) => target.hostname.replace(/^\[(.*)\]$/, '$1');

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );
}

/**
 * Checks a webhook URL as it is saved: every address its host resolves to must be public (unless allowPrivate).
 * Throws WebhookTargetError saying why not.
 */
export async function checkWebhookTarget(url: string, allowPrivate: boolean): Promise<void> {
  const target = parseTarget(url);
  if (allowPrivate) return;
  const host = hostOf(target);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await resolveAll(host)).map((a) => a.address);
    } catch {
      throw new WebhookTargetError(`the webhook host ${host} does not resolve`);
    }
  }
  if (!addresses.length || addresses.some(isNonPublicAddress))
    throw new WebhookTargetError(
      'the webhook host resolves to a loopback, link-local or private address, which webhooks may not reach',
    );
}

/** A DNS lookup for the connection itself that refuses non-public answers: the address checked is the one used. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses;
      const refused = !allowPrivate && (!list.length || list.some((a) => isNonPublicAddress(a.address)));
      if (refused)
        return callback(new WebhookTargetError(`the webhook host ${hostname} resolves to a non-public address`), '', 4);
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  };
}

/**
 * POSTs a body to a webhook with the address rule applied to the connection, without following redirects (a 3xx
 * is an answer like any other, and not a success). Resolves with the status code.
 */
export async function postToWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { allowPrivate: boolean; timeoutMs: number },
): Promise<number> {
  const target = parseTarget(url);
  const host = hostOf(target);
  if (isIP(host) && !opts.allowPrivate && isNonPublicAddress(host))
    throw new WebhookTargetError('the webhook address is loopback, link-local or private');
  const request = target.protocol === 'https:' ? https.request : http.request;
  return new Promise<number>((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(opts.allowPrivate),
        timeout: opts.timeoutMs,
        // A fresh connection per delivery: a pooled one could have been opened for another address.
        agent: false,
      },
      (res) => {
        res.resume(); // the answer's body is not read, only its status
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`webhook did not answer within ${opts.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
