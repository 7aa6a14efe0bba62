import ConsensusGame
public import Foundation

/// The contents of `results.json`.
///
/// Two views of the same numbers:
/// - ``tasks``: per task (and solver setting), every method's metric with name, value,
///   standard error and n, plus `acc_norm`/`acc_bytes` of G, pick agreement and exploitability;
/// - ``results``: lm-evaluation-harness style, keyed by task label, with keys `"metric,filter"`.
///   The filter `none` is the generative method G, as lm-evaluation-harness computes it
///   (`acc,none`, `acc_stderr,none`, `acc_norm,none`, `acc_bytes,none`; for `truthfulqa_mc2`,
///   `acc,none` is the MC2 mass, as there); each method also has its own filter: `acc,MI`,
///   `acc,MI*`, `acc_stderr,ER-G`, …. A standard error that cannot be computed (n = 1) is left out.
///
/// Ties differ from lm-evaluation-harness, which credits the first of tied candidates: here a
/// tie gives split credit (see ``ItemOutcome/credit(_:)``).
public struct ResultsDocument: Sendable, Codable {
    /// One task under one solver setting.
    public struct TaskEntry: Sendable, Codable {
        /// The label used in ``results`` and the reports (`arc_easy`, or `arc_easy#1` in a sweep).
        public var label: String
        /// The task.
        public var task: BenchmarkTask
        /// Index into the configuration's solvers.
        public var solverIndex: Int
        /// Every number of the task.
        public var metrics: TaskMetrics
    }

    /// The layout version of this file.
    public var formatVersion: Int
    /// What produced the numbers.
    public var configuration: EvaluationConfiguration
    /// One entry per task and solver setting, in report order.
    public var tasks: [TaskEntry]
    /// lm-evaluation-harness style numbers: task label → `"metric,filter"` → value.
    public var results: [String: [String: Double]]
    /// The number of items of each task label.
    public var samples: [String: Int]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", configuration, tasks, results
        case samples = "n-samples"
    }

    /// The document for `results` run under `configuration`.
    public init(configuration: EvaluationConfiguration, results: [TaskResult]) {
        let sweep = Set(results.map(\.solverIndex)).count > 1
        formatVersion = 1
        self.configuration = configuration
        tasks = results.map {
            TaskEntry(label: $0.label(sweep: sweep), task: $0.task, solverIndex: $0.solverIndex, metrics: $0.metrics)
        }
        self.results = Dictionary(uniqueKeysWithValues: tasks.map { ($0.label, Self.lmEvalStyle($0.metrics)) })
        samples = Dictionary(uniqueKeysWithValues: tasks.map { ($0.label, $0.metrics.count) })
    }

    private static func lmEvalStyle(_ metrics: TaskMetrics) -> [String: Double] {
        var entries: [String: Double] = [:]
        func add(_ estimate: MetricEstimate, name: String, filter: String) {
            entries["\(name),\(filter)"] = estimate.value
            if let se = estimate.standardError { entries["\(name)_stderr,\(filter)"] = se }
        }
        let name = metrics.metric.lmEvalKey
        for estimate in metrics.methods {
            add(estimate, name: name, filter: estimate.method.rawValue)
            if estimate.method == .generative { add(estimate, name: name, filter: "none") }
        }
        for variant in metrics.generativeVariants {
            add(variant, name: variant.metric, filter: "none")
        }
        for estimate in metrics.freeText ?? [] {
            entries["\(estimate.metric.rawValue),\(estimate.method.rawValue)"] = estimate.value
            if let se = estimate.standardError { entries["\(estimate.metric.rawValue)_stderr,\(estimate.method.rawValue)"] = se }
        }
        for estimate in metrics.answerMethods ?? [] {
            entries["\(name),\(estimate.method.rawValue)"] = estimate.value
            if let se = estimate.standardError { entries["\(name)_stderr,\(estimate.method.rawValue)"] = se }
        }
        return entries
    }

    /// The document as pretty-printed JSON with sorted keys.
    public func encoded() throws -> Data {
        try ReportJSON.encoder(pretty: true).encode(self)
    }

    /// Reads a document written by ``encoded()``.
    public init(decoding data: Data) throws {
        self = try ReportJSON.decoder().decode(ResultsDocument.self, from: data)
    }
}
