public import ArgumentParser
import ConsensusEvaluation
import ConsensusLlama
import ConsensusRanking
import ConsensusScoring
import Foundation
import Logging

/// `consensus eval`: all six methods on benchmark files, through a resumable score cache.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate G, MI, MI*, SC, D, ER-G and ER-D on benchmarks (and, on open-ended tasks, greedy decoding and votes over sampled candidates).",
        discussion: """
            Scores go to a SQLite cache as they are computed, keyed by engine, model file hash, \
            template hash and request: a run stopped at any moment resumes without rescoring, and \
            another model never reads these scores. Solver settings are not part of the key: lists \
            such as --lambda 0.01,0.1,1 sweep them over the cached scores. Writes results.json, \
            samples.jsonl, report.md, accuracy.svg and exploitability.svg into --output. \
            svamp and gsm8k sample --samples chains of thought per item (cached too), rank them \
            with the six methods, and add greedy decoding, majority vote and ER-weighted votes \
            (docs/open-ended.md); truthfulqa_gen does the same with sampled answers, judged by \
            BLEU and ROUGE-L against the true and false references. With --engine the samples are \
            drawn on the server (docs/serve.md).
            """)

    @Option(
        name: .customLong("task"), parsing: .upToNextOption,
        help: "Tasks: \(BenchmarkTask.allCases.map(\.rawValue).joined(separator: ", ")).")
    var tasks: [BenchmarkTask]
    @Option(help: "A JSON Lines file (with one task) or a folder holding <task>.jsonl files, each in our schema or its Hugging Face dataset's (written by datasets' to_json; docs/evaluation.md).")
    var data: String
    @Option(help: "Folder for the results.") var output: String = "out/eval"
    @Option(help: "The score cache (SQLite).") var cache: String = DefaultModel.cacheDirectory + "/scores.sqlite"
    @Option(help: "Only the first N items of each task.") var limit: Int?
    @Option(help: "A seeded random sample of N items of each task (stratified by subject for MMLU).") var sample: Int?
    @Option(help: "Seed of --sample.") var seed: UInt64 = 0
    @Option(help: "A file of item ids, one per line.") var ids: String?
    @Option(help: "Record exploitability every K iterations (for the plot; 0 = never).") var trajectoryEvery: Int = 100
    @Option(help: "Generator score of a candidate: sum, per-character or per-byte.") var candidateScore: CandidateScore = .sum
    @Option(help: "One template for every task instead of each task's own (name or file).") var template: String?
    @Option(help: "Items worked on at once: in-process, that many engines, each with --threads threads (default: the cores shared among them); with --engine, items in flight on the server.")
    var parallel: Int = 1
    @OptionGroup var chat: ChatOptions
    @OptionGroup(title: "Open-ended tasks (svamp, gsm8k, truthfulqa_gen)") var sampling: SamplingOptions
    @OptionGroup var solver: SolverOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var players: PlayerOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        try chat.validate(remote: remote)
        try players.validate(remote: remote)
        if limit != nil && sample != nil { throw ValidationError("give --limit or --sample, not both") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1 (got \(sample))") }
        if trajectoryEvery < 0 { throw ValidationError("--trajectory-every must be 0 or more") }
        if parallel < 1 { throw ValidationError("--parallel must be at least 1 (got \(parallel))") }
        let openEnded = tasks.filter(\.isOpenEnded)
        if !openEnded.isEmpty && openEnded.count != tasks.count {
            throw ValidationError("svamp, gsm8k and truthfulqa_gen sample their candidates and run apart from multiple-choice tasks; give them in an eval of their own")
        }
        if !openEnded.isEmpty && chat.applyChatTemplate {
            throw ValidationError("--apply-chat-template applies to the multiple-choice tasks; svamp, gsm8k and truthfulqa_gen sample their answers from plain prompts")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: data, isDirectory: &isFolder) else {
            throw ValidationError("--data \(data) does not exist")
        }
        if !isFolder.boolValue && tasks.count != 1 {
            throw ValidationError("--data \(data) is one file, so give exactly one --task (or pass a folder)")
        }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "consensus.eval")
        var plan = EvaluationPlan(tasks: tasks.map { task in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: data, isDirectory: &isFolder)
            return .init(task: task, path: isFolder.boolValue ? "\(data)/\(task.defaultFileName)" : data)
        })
        plan.selection = Selection(
            ids: try ids.map { try IDList(contentsOf: $0) },
            subset: limit.map { .first($0) } ?? sample.map { .sample($0, seed: seed) } ?? .all)
        plan.solvers = try solver.sweep(exploitabilityInterval: trajectoryEvery > 0 ? trajectoryEvery : nil)
        plan.candidateScore = candidateScore
        plan.template = try template.map(TemplateLibrary.resolve)
        plan.chat = chat.formatting

        let cache = try ScoreCache(path: cache)
        let printer = ProgressPrinter()
        let results: [TaskResult]
        let configuration: EvaluationConfiguration
        let engine = try await makeEngine(logger: logger)
        if tasks.allSatisfy(\.isOpenEnded) {
            let evaluator = OpenEndedEvaluator(engine: engine, cache: cache, concurrency: parallel, logger: logger)
            _ = try evaluator.load(plan)  // a malformed file stops here, before any sampling
            let settings = try Dictionary(uniqueKeysWithValues: tasks.map { ($0, try sampling.settings(for: $0)) })
            (results, configuration) = try await evaluator.run(plan, settings: { settings[$0]! }) { printer.update($0) }
        } else {
            let evaluator = BenchmarkEvaluator(engine: engine, cache: cache, concurrency: parallel, logger: logger)
            _ = try evaluator.load(plan)  // a malformed file stops here, before any scoring
            (results, configuration) = try await evaluator.run(plan) { printer.update($0) }
        }
        printer.finish()
        let written = try ReportWriter(configuration: configuration, results: results).write(to: output)
        print(MarkdownReport(configuration: configuration, results: results).text)
        let stats = try cache.statistics()
        FileHandle.standardError.write(Data("""
            wrote \(written.joined(separator: ", ")) in \(output)
            wall time \(String(format: "%.1f", configuration.wallTimeSeconds)) s; \(Self.tokens(configuration))
            score cache \(cache.path): \(stats.scores) scores, \(stats.groupsScored) groups scored in all, \(stats.groupsScoredMoreThanOnce) scored more than once, \(stats.generations) generations

            """.utf8))
    }
}

extension EvalCommand {
    /// What the run cost in tokens: evaluated in-process, or sent to a server and evaluated by it.
    static func tokens(_ c: EvaluationConfiguration) -> String {
        guard c.tokensSent > 0 else { return "\(c.tokensEvaluated) tokens evaluated in this run" }
        let evaluated = c.tokensEvaluated > 0 ? "the server reports \(c.tokensEvaluated) evaluated" : "the server does not report how many it evaluated"
        return "\(c.tokensSent) tokens sent to the server in this run (\(evaluated))"
    }

    /// The remote engine, the local one, or with `--parallel N` a pool of N local engines; each
    /// local one with `--discriminator-model` two players.
    private func makeEngine(logger: Logger) async throws -> any ScoringEngine & GeneratingEngine {
        guard remote.url == nil, parallel > 1 else {
            return try players.players(await remote.makeEngine(local: engine, logger: logger), engine: engine, logger: logger)
        }
        var options = engine
        if options.threads == nil { options.threads = max(1, ProcessInfo.processInfo.activeProcessorCount / parallel) }
        return EnginePool(try (0..<parallel).map { _ in try players.players(options.makeEngine(logger: logger), engine: options, logger: logger) })
    }
}

extension BenchmarkTask: ExpressibleByArgument {}
