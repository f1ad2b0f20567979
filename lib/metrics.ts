import { monitorEventLoopDelay } from "node:perf_hooks";
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
    eventLoopBlock: eventLoopBlockGauge(registry),
    slowStatements: new client.Counter({
      name: "pfh_db_slow_statements_total",
      help: "Database statements that took SLOW_STATEMENT_MS or longer, by connection (main or the ingest thread)",
      labelNames: ["connection"] as const,
      registers: [registry],
    }),
    notifyFailures: new client.Counter({
      name: "pfh_notification_failures_total",
      help: "Failed notification delivery attempts",
      labelNames: ["channel"] as const,
      registers: [registry],
    }),
  };
}

/**
 * The longest event-loop block since the previous scrape, from perf_hooks.monitorEventLoopDelay at
 * 1 ms resolution (prom-client's own lag metrics sample every 10 ms). Each scrape reads and resets
 * it, so one scraper sees every block once; `npm run bench:soak` reports the largest it saw.
 */
function eventLoopBlockGauge(registry: client.Registry) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  return new client.Gauge({
    name: "pfh_event_loop_block_max_seconds",
    help: "Longest event-loop block since the previous scrape (monitorEventLoopDelay, 1 ms resolution; reset by each scrape)",
    registers: [registry],
    collect() {
      this.set(h.count > 0 ? h.max / 1e9 : 0);
      h.reset();
    },
  });
}

export function metrics() {
  const g = globalThis as G;
  return (g[KEY] ??= build());
}
