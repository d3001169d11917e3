// The address a request comes from. Behind a proxy every request arrives from
// the proxy's address; a trusted proxy says whom it forwards for in
// X-Forwarded-For, where each proxy appends the address it received from.
// Only entries added by trusted proxies can be believed: the client is the
// last address in the chain that is not one of them (anything further left
// was written by the client itself).

/** An IPv4 address as a dual-stack socket reports it ("::ffff:10.0.0.5") is the address itself. */
export const plainAddress = (address: string) => (address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address);

export function clientAddress(ip: string | undefined, forwardedFor: string | null | undefined, trusted: ReadonlySet<string>): string {
  const address = plainAddress(ip ?? '');
  if (!trusted.has(address) || !forwardedFor) return address;
  const chain = forwardedFor.split(',').map((a) => plainAddress(a.trim()));
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i] && !trusted.has(chain[i])) return chain[i];
  return address;
}
