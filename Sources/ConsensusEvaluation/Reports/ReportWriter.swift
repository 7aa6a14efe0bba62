public import Foundation

/// Writes an evaluation's report files into a directory: `results.json`
/// (``ResultsDocument``), `samples.jsonl` (``SampleRecord``), `report.md`
/// (``MarkdownReport``), `accuracy.svg` (``AccuracyChart``) and `exploitability.svg`
/// (``ExploitabilityChart``).
public struct ReportWriter: Sendable {
    /// The file names, in the order they are written.
    public static let fileNames = ["results.json", "samples.jsonl", "report.md", "accuracy.svg", "exploitability.svg"]

    /// What produced the numbers.
    public var configuration: EvaluationConfiguration
    /// The task results, in report order.
    public var results: [TaskResult]

    /// Creates a writer.
    /// - Throws: ``BenchmarkError`` when there are no results, a result's solver index is not
    ///   one of the configuration's solvers, or a task appears twice with the same index.
    public init(configuration: EvaluationConfiguration, results: [TaskResult]) throws {
        guard !results.isEmpty else { throw BenchmarkError(reason: "there are no task results to report") }
        var seen: Set<String> = []
        for result in results {
            guard configuration.solvers.indices.contains(result.solverIndex) else {
                throw BenchmarkError(field: "solverIndex", reason: "is \(result.solverIndex) for \(result.task.rawValue) but the configuration has \(configuration.solvers.count) solver settings")
            }
            guard seen.insert(result.label(sweep: true)).inserted else {
                throw BenchmarkError(reason: "\(result.task.rawValue) has two results for solver setting \(result.solverIndex)")
            }
        }
        self.configuration = configuration
        self.results = results
    }

    /// The contents of each file, keyed by file name.
    public func files() throws -> [String: Data] {
        [
            "results.json": try ResultsDocument(configuration: configuration, results: results).encoded(),
            "samples.jsonl": try SampleRecord.jsonLines(results),
            "report.md": Data(MarkdownReport(configuration: configuration, results: results).text.utf8),
            "accuracy.svg": Data(AccuracyChart(results: results).svg.utf8),
            "exploitability.svg": Data(ExploitabilityChart(results: results).svg.utf8),
        ]
    }

    /// Writes every file into `directory`, creating it if needed, and returns their paths.
    /// - Throws: ``BenchmarkError`` naming the path that cannot be written.
    @discardableResult
    public func write(to directory: String) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BenchmarkError(file: directory, reason: "cannot be created as an output directory (\(error.localizedDescription))")
        }
        let contents = try files()
        return try Self.fileNames.map { name in
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                try contents[name]!.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw BenchmarkError(file: path, reason: "cannot be written (\(error.localizedDescription))")
            }
            return path
        }
    }
}
