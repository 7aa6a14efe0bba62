import ConsensusGame
import ConsensusScoring
import Foundation
import Logging

/// Runs an open-ended task (``BenchmarkTask/isOpenEnded``): for each item, k chains of thought
/// and the greedy chain are sampled from one evaluation of the few-shot prompt (cached), each
/// chain is scored under the generator's correct and incorrect prompts and judged by the
/// discriminator (through the score cache, as multiple choice), and the game over the k chains
/// gives the six methods' picks; greedy decoding and the votes come from the same samples.
public struct OpenEndedEvaluator: Sendable {
    public let engine: any ScoringEngine & GeneratingEngine
    public let cache: ScoreCache
    /// Items sampled or scored at once (useful with an ``EnginePool`` or a remote engine).
    public let concurrency: Int
    private let logger: Logger

    public init(engine: any ScoringEngine & GeneratingEngine, cache: ScoreCache, concurrency: Int = 1, logger: Logger) {
        self.engine = engine
        self.cache = cache
        self.concurrency = concurrency
        self.logger = logger
    }

    /// Loads and selects every task's items, so a malformed file stops the run before any work.
    public func load(_ plan: EvaluationPlan) throws -> [(EvaluationPlan.TaskData, [MathItem])] {
        try plan.tasks.map { data in
            guard data.task.isOpenEnded else {
                throw BenchmarkError(reason: "\(data.task.rawValue) is a multiple-choice task; evaluate it apart from svamp and gsm8k")
            }
            let items = try MathLoader.load(path: data.path)
            let chosen = Set(try plan.selection.apply(to: items.map { BenchmarkItem(id: $0.id, question: $0.question, choices: [], answers: []) }).map(\.id))
            return (data, items.filter { chosen.contains($0.id) })
        }
    }

    /// Evaluates the plan; results come per task and solver setting (task-major).
    public func run(
        _ plan: EvaluationPlan, settings: OpenEndedSettings,
        progress: @escaping @Sendable (BenchmarkEvaluator.Progress) -> Void = { _ in }
    ) async throws -> (results: [TaskResult], configuration: EvaluationConfiguration) {
        var ranking = TaskRanking(engine: engine, cache: cache, concurrency: concurrency, logger: logger, plan: plan)
        let loaded = try load(plan)
        var results: [TaskResult] = []
        for (data, items) in loaded {
            let task = data.task
            let generated = try await sample(items, settings: settings) { progress(.init(task: task, scoring: $0, stage: "sampling")) }
            ranking.count(tokensEvaluated: generated.tokensEvaluated)
            let chains = zip(items, generated.results).map { item, result in
                ChainAnswers(
                    reference: item.answer, answers: result.samples.map { AnswerExtraction.finalNumber(in: $0.text) },
                    greedyChain: result.greedy.map { Self.candidate($0) } ?? "",
                    greedyAnswer: result.greedy.flatMap { AnswerExtraction.finalNumber(in: $0.text) })
            }
            // The chains are the candidates; the right ones are those whose number is the reference.
            let candidates = items.indices.map { i in
                BenchmarkItem(
                    id: items[i].id, question: items[i].question, choices: generated.results[i].samples.map(Self.candidate),
                    answers: chains[i].answers.indices.filter { chains[i].answers[$0] == items[i].answer })
            }
            results += try await ranking.rank(candidates, of: data, chains: chains) { progress(.init(task: task, scoring: $0)) }
        }
        let configuration = ranking.configuration(generation: settings.summary)
        return (results, configuration)
    }

    /// A chain as a candidate: its text without surrounding whitespace.
    static func candidate(_ text: GeneratedText) -> String {
        text.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every item's chains, from the cache or sampled (and stored at once, so a stopped run
    /// resumes where it was).
    private func sample(
        _ items: [MathItem], settings: OpenEndedSettings, progress: (CachedScorer.Progress) -> Void
    ) async throws -> (results: [GenerationResult], tokensEvaluated: Int) {
        let requests = items.map(settings.request(for:))
        let engineName = engine.model.engine, modelHash = engine.model.fileHash
        var results: [GenerationResult?] = try requests.map { try cache.lookupGeneration($0, engine: engineName, modelHash: modelHash) }
        var state = CachedScorer.Progress(
            done: results.count { $0 != nil }, total: items.count, cached: results.count { $0 != nil }, tokensEvaluated: 0)
        progress(state)
        logger.info("generation cache", metadata: ["items": "\(items.count)", "cached": "\(state.cached)"])
        let engine = self.engine
        try await forEachConcurrently(requests.indices.filter { results[$0] == nil }, width: concurrency) { i in
            try Task.checkCancellation()
            return try await engine.generate(requests[i])
        } receive: { i, result in
            try cache.storeGeneration(result, for: requests[i], engine: engineName, modelHash: modelHash)
            results[i] = result
            state.done += 1
            state.tokensEvaluated += result.cost.tokensEvaluated
            progress(state)
        }
        return (results.map { $0! }, state.tokensEvaluated)
    }
}
