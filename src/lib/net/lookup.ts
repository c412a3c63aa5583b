import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent } from 'undici';
import { isNonPublicAddress } from './addresses.ts';

/** Resolves a host name to its addresses; tests pass their own. */
export type Resolver = (hostname: string) => Promise<string[]>;

/** The error code a refused connection carries (see GetResult reason 'blocked'). */
export const PRIVATE_ADDRESS_CODE = 'ERR_FRONTROW_PRIVATE_ADDRESS';

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses: LookupAddress[]) =>
      error ? reject(error) : resolve(addresses.map((a) => a.address)),
    ),
  );

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect that resolves the name and refuses the connection when any address
 * is not public. It runs for every new connection, on the address actually dialled, so a name
 * that answers "public" to one lookup and "private" to the next (DNS rebinding) is still caught.
 * A failed lookup fails the connection: nothing gets through unchecked.
 */
export function guardedLookup(resolve: Resolver = systemResolver) {
  return (hostname: string, options: { all?: boolean; family?: number | string } | number, callback: LookupCallback) => {
    resolve(hostname).then(
      (addresses) => {
        const refused = addresses.find(isNonPublicAddress);
        if (refused !== undefined || addresses.length === 0) {
          const error: NodeJS.ErrnoException = new Error(
            refused ? `${hostname} resolves to ${refused}, which is not a public address` : `${hostname} has no address`,
          );
          error.code = refused ? PRIVATE_ADDRESS_CODE : 'ENOTFOUND';
          return callback(error, '');
        }
        const all = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
        if (typeof options === 'object' && options.all) return callback(null, all);
        callback(null, all[0]!.address, all[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

const agents = new Map<Resolver | undefined, Agent>();

/** An HTTP agent whose every connection goes through `guardedLookup` (one per resolver). */
export function guardedAgent(resolve?: Resolver): Agent {
  let agent = agents.get(resolve);
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(resolve) as never } });
    agents.set(resolve, agent);
  }
  return agent;
}
