import client from "prom-client";

/** Prometheus metrics of the process, served at /api/metrics. One registry per process. */
const KEY = Symbol.for("pos-fleet-health.metrics");
type G = typeof globalThis & { [KEY]?: ReturnType<typeof build> };

function build() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    heartbeats: new client.Counter({
      name: "pfh_heartbeats_total",
      help: "Heartbeat items answered by ingest, by result and rejection reason",
      labelNames: ["result", "reason"] as const,
      registers: [registry],
    }),
    requests: new client.Counter({
      name: "pfh_ingest_requests_total",
      help: "Ingest requests by HTTP status",
      labelNames: ["status"] as const,
      registers: [registry],
    }),
    ingestLatency: new client.Histogram({
      name: "pfh_ingest_request_seconds",
      help: "Time from receiving an ingest request to answering it",
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    sweepDuration: new client.Histogram({
      name: "pfh_sweep_seconds",
      help: "Duration of the periodic sweep",
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
    queueDepth: new client.Gauge({ name: "pfh_ingest_queue_items", help: "Heartbeats waiting for the next commit", registers: [registry] }),
    terminals: new client.Gauge({
      name: "pfh_terminals",
      help: "Terminals by status and category",
      labelNames: ["status", "category"] as const,
      registers: [registry],
    }),
    outboxDepth: new client.Gauge({ name: "pfh_outbox_pending", help: "Notifications waiting in the outbox", registers: [registry] }),
    notifyFailures: new client.Counter({
      name: "pfh_notification_failures_total",
      help: "Failed notification delivery attempts",
      labelNames: ["channel"] as const,
      registers: [registry],
    }),
  };
}

export function metrics() {
  const g = globalThis as G;
  return (g[KEY] ??= build());
}
