/**
 * The security headers of every response, as @fastify/helmet 13 (helmet 8) wrote them with our CSP
 * directives (default-src 'self'; style-src and script-src 'self' 'unsafe-inline'; img-src 'self'
 * data:), in its order and spelling, but computed once instead of rebuilding the middleware and
 * re-parsing the directives on every request. security-headers.spec.ts checks them against helmet.
 */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  [
    'Content-Security-Policy',
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';" +
      "img-src 'self' data:;object-src 'none';script-src 'self' 'unsafe-inline';script-src-attr 'none';" +
      "style-src 'self' 'unsafe-inline';upgrade-insecure-requests",
  ],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

/** Sets them on the raw response, as helmet did, so they lead the header block in the same order. */
export function setSecurityHeaders(raw: { setHeader(name: string, value: string): unknown }): void {
  for (const [name, value] of SECURITY_HEADERS) raw.setHeader(name, value);
}
