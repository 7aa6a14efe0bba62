import ConsensusScoring
import Prometheus

/// The server's Prometheus metrics, in one registry owned by the server (no global state).
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let cacheHits: Counter
    let cacheMisses: Counter
    private let tokensEvaluated: Counter
    private let batches: Counter
    private let batchRequests: ValueHistogram

    init() {
        cacheHits = registry.makeCounter(name: "consensus_cache_hits_total", help: "Token sequences answered from the server's score cache.")
        cacheMisses = registry.makeCounter(name: "consensus_cache_misses_total", help: "Token sequences sent to the engine.")
        tokensEvaluated = registry.makeCounter(name: "consensus_tokens_evaluated_total", help: "Tokens the model evaluated.")
        batches = registry.makeCounter(name: "consensus_engine_batches_total", help: "Engine calls (batches of requests).")
        batchRequests = registry.makeValueHistogram(
            name: "consensus_batch_requests", buckets: [1, 2, 4, 8, 16, 32, 64], help: "Requests scored together in one engine call.")
    }

    func recordBatch(requests: Int, cost: ScoringCost) {
        batches.increment()
        batchRequests.record(Double(requests))
        tokensEvaluated.increment(by: Int64(cost.tokensEvaluated))
    }

    /// Counts a request and its latency, by route and status.
    func recordRequest(route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            name: "consensus_requests_total", labels: [("route", route), ("status", String(status))],
            help: "HTTP requests answered."
        ).increment()
        registry.makeDurationHistogram(
            name: "consensus_request_duration_seconds", labels: [("route", route)],
            buckets: [.milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                      .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30)],
            help: "Time to answer a request."
        ).record(duration)
    }

    /// The text exposition format.
    func exposition() -> String { registry.emitToString() }
}
