/**
 * A stand-in for an OpenTelemetry collector on loopback: accepts OTLP/HTTP exports (any signal),
 * answers 200 with an empty protobuf response, and keeps what arrived. Point an API at it with
 * OTEL_EXPORTER_OTLP_ENDPOINT=<url>.
 */
import { createServer } from 'node:http';

export interface OtlpStandIn {
  url: string;
  /** The bodies of the trace exports received (`POST /v1/traces`), in order. */
  readonly traceExports: Buffer[];
  /** Bytes received, all exports together. */
  readonly bytes: number;
  close(): Promise<void>;
}

export async function startOtlpStandIn(): Promise<OtlpStandIn> {
  const traceExports: Buffer[] = [];
  let bytes = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      bytes += chunk.length;
    });
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') traceExports.push(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    traceExports,
    get bytes() {
      return bytes;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
