import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

export interface FakeServer {
  /** `127.0.0.x:<port>`: a registry host for references and URLs. */
  host: string;
  /** Every request received, in order. */
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A tiny HTTP server on loopback that plays a registry (or a token service, or blob storage) the
 * way a test needs, including lying. `address` picks the loopback address, so two servers can be
 * two different hosts (127.0.0.1 and 127.0.0.2).
 */
export function fakeServer(
  handler: (req: IncomingMessage, res: ServerResponse, server: FakeServer) => void,
  address = "127.0.0.1",
): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const http = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
    handler(req, res, fake);
  });
  const fake: FakeServer = {
    host: "",
    requests,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return new Promise((resolve) => {
    http.listen(0, address, () => {
      const bound = http.address();
      fake.host = `${address}:${typeof bound === "object" && bound ? bound.port : 0}`;
      resolve(fake);
    });
  });
}
