import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Why the HTTP server could not start, in the words of the settings an operator changes. */
export class HttpListenError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'HttpListenError';
  }
}

function describe(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `HTTP_PORT ${port} is already in use (on ${host}): stop whatever listens there or set another HTTP_PORT`;
    case 'EACCES':
      return `HTTP_PORT ${port} needs privileges this process lacks (on ${host}): choose a port above 1023`;
    case 'EADDRNOTAVAIL':
      return `HTTP_HOST ${host} cannot be bound: it is not an address of this machine`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return `HTTP_HOST ${host} cannot be bound: no such host name`;
    default:
      return `HTTP_HOST ${host} cannot be bound on HTTP_PORT ${port}: ${error.code ?? error.message}`;
  }
}

/**
 * Starts serving `app` on host:port; resolves once it listens, with its URL (`[…]` around an IPv6 address). A port in
 * use or an unusable host rejects with an HttpListenError naming the setting, never a crash on a missing address.
 */
export function listenHttp(app: RequestListener, opts: { host: string; port: number }): Promise<{ server: Server; url: string }> {
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.removeListener('listening', onListening);
      reject(new HttpListenError(describe(error, opts.host, opts.port), error.code, { cause: error }));
    };
    const onListening = () => {
      server.removeListener('error', onError);
      const address = server.address() as AddressInfo;
      const host = address.address.includes(':') ? `[${address.address}]` : address.address;
      resolve({ server, url: `http://${host}:${address.port}` });
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(opts.port, opts.host);
  });
}
