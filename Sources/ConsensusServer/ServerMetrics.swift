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
        cacheHits = registry.makeCounter(descriptor: Self.name("cache_hits", "total", "Token sequences answered from the server's score cache."))
        cacheMisses = registry.makeCounter(descriptor: Self.name("cache_misses", "total", "Token sequences sent to the engine."))
        tokensEvaluated = registry.makeCounter(descriptor: Self.name("tokens_evaluated", "total", "Tokens the model evaluated."))
        batches = registry.makeCounter(descriptor: Self.name("engine_batches", "total", "Engine calls (batches of requests)."))
        batchRequests = registry.makeValueHistogram(
            descriptor: Self.name("batch_requests", "", "Requests scored together in one engine call."), buckets: [1, 2, 4, 8, 16, 32, 64])
    }

    /// `consensus_<metric>_<unit>` (no unit when `unit` is empty).
    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "consensus", metricName: metric, unitName: unit, helpText: help)
    }

    func recordBatch(requests: Int, cost: ScoringCost) {
        batches.increment()
        batchRequests.record(Double(requests))
        tokensEvaluated.increment(by: Int64(cost.tokensEvaluated))
    }

    /// Counts a request and its latency, by route and status.
    func recordRequest(route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.name("requests", "total", "HTTP requests answered."), labels: [("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("request_duration", "seconds", "Time to answer a request."), labels: [("route", route)],
            buckets: [.milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                      .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30)]
        ).record(duration)
    }

    /// The text exposition format.
    func exposition() -> String { registry.emitToString() }
}
