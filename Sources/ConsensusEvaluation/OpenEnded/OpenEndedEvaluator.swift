public import ConsensusScoring
import Foundation
public import Logging

/// Runs an open-ended task (``BenchmarkTask/isOpenEnded``): for each item, k samples and the
/// greedy one are drawn from one evaluation of the few-shot prompt (cached), each candidate is
/// scored under the generator's correct and incorrect prompts and judged by the discriminator
/// (through the score cache, as multiple choice), and the game over the candidates gives the six
/// methods' picks; greedy decoding and the votes come from the same samples. Math word problems
/// rank the k chains of thought by their final number; TruthfulQA generation ranks the distinct
/// answers (``GeneratedAnswers``) and judges them by BLEU and ROUGE-L against the references.
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

    /// A task's items, loaded and selected.
    public enum Items: Sendable {
        case math([MathItem])
        case truthfulQA([TruthfulQAItem])

        var count: Int {
            switch self {
            case .math(let items): items.count
            case .truthfulQA(let items): items.count
            }
        }
    }

    /// Loads and selects every task's items, so a malformed file stops the run before any work.
    /// A file may be in our schema or in its task's Hugging Face schema (``DataSchema``).
    public func load(_ plan: EvaluationPlan) throws -> [(EvaluationPlan.TaskData, Items)] {
        try loadTasks(plan).map { ($0.data, $0.items) }
    }

    func loadTasks(_ plan: EvaluationPlan) throws -> [LoadedTask<Items>] {
        guard plan.chat == nil else {
            throw BenchmarkError(reason: "--apply-chat-template applies to the multiple-choice tasks; svamp, gsm8k and truthfulqa_gen sample their answers from plain prompts")
        }
        return try plan.tasks.map { data in
            guard data.task.isOpenEnded else {
                throw BenchmarkError(reason: "\(data.task.rawValue) is a multiple-choice task; evaluate it apart from svamp, gsm8k and truthfulqa_gen")
            }
            func chosen(_ ids: [(id: String, question: String)]) throws -> Set<String> {
                Set(try plan.selection.apply(to: ids.map { BenchmarkItem(id: $0.id, question: $0.question, choices: [], answers: []) }).map(\.id))
            }
            if data.task.isFreeText {
                return try LoadedTask(data, file: try TruthfulQALoader.read(path: data.path), id: \.id) { items in
                    let keep = try chosen(items.map { ($0.id, $0.question) })
                    return .truthfulQA(items.filter { keep.contains($0.id) })
                }
            }
            return try LoadedTask(data, file: try MathLoader.read(path: data.path), id: \.id) { items in
                let keep = try chosen(items.map { ($0.id, $0.question) })
                return .math(items.filter { keep.contains($0.id) })
            }
        }
    }

    /// Evaluates the plan, each task sampling with `settings(task)`; results come per task and
    /// solver setting (task-major).
    public func run(
        _ plan: EvaluationPlan, settings: (BenchmarkTask) -> OpenEndedSettings,
        progress: @escaping @Sendable (BenchmarkEvaluator.Progress) -> Void = { _ in }
    ) async throws -> (results: [TaskResult], configuration: EvaluationConfiguration) {
        var ranking = TaskRanking(engine: engine, cache: cache, concurrency: concurrency, logger: logger, plan: plan)
        let loaded = try loadTasks(plan)
        var results: [TaskResult] = []
        var generation: [String: String] = [:]
        for loadedTask in loaded {
            let data = loadedTask.data, items = loadedTask.items, source = (loadedTask.schema, loadedTask.lines)
            let task = data.task, taskSettings = settings(task)
            for (key, value) in taskSettings.summary { generation[loaded.count > 1 ? "\(task.rawValue) \(key)" : key] = value }
            let requests: [GenerationRequest]
            switch items {
            case .math(let math): requests = math.map { taskSettings.request(id: $0.id, question: $0.question) }
            case .truthfulQA(let questions): requests = questions.map { taskSettings.request(id: $0.id, question: $0.question) }
            }
            let generated = try await sample(requests) { progress(.init(task: task, scoring: $0, stage: "sampling")) }
            ranking.count(tokensEvaluated: generated.tokensEvaluated)
            let scoring: @Sendable (CachedScorer.Progress) -> Void = { progress(.init(task: task, scoring: $0)) }
            switch items {
            case .math(let math):
                let chains = zip(math, generated.results).map { item, result in
                    ChainAnswers(
                        reference: item.answer, answers: result.samples.map { AnswerExtraction.finalNumber(in: $0.text) },
                        greedyChain: result.greedy.map { Self.candidate($0) } ?? "",
                        greedyAnswer: result.greedy.flatMap { AnswerExtraction.finalNumber(in: $0.text) })
                }
                // The chains are the candidates; the right ones are those whose number is the reference.
                let candidates = math.indices.map { i in
                    BenchmarkItem(
                        id: math[i].id, question: math[i].question, choices: generated.results[i].samples.map(Self.candidate),
                        answers: chains[i].answers.indices.filter { chains[i].answers[$0] == math[i].answer })
                }
                results += try await ranking.rank(candidates, of: data, source: source, chains: chains, progress: scoring)
            case .truthfulQA(let questions):
                var candidates: [BenchmarkItem] = [], answers: [GeneratedAnswers] = []
                for (item, result) in zip(questions, generated.results) {
                    let greedy = result.greedy.map { Self.candidate($0) } ?? ""
                    let (texts, multiplicity, empty) = GeneratedAnswers.candidates(
                        from: result.samples.map(\.text), fallback: greedy.isEmpty ? TruthfulQAReferences.noComment : greedy)
                    let compared = GeneratedAnswers(
                        references: item.references, candidates: texts, multiplicity: multiplicity, emptySamples: empty, greedy: greedy)
                    answers.append(compared)
                    // The right candidates are the BLEU-accurate ones (the headline metric).
                    candidates.append(BenchmarkItem(id: item.id, question: item.question, choices: texts, answers: compared.bleuAccurate))
                }
                results += try await ranking.rank(candidates, of: data, source: source, generated: answers, progress: scoring)
            }
        }
        let configuration = ranking.configuration(generation: generation)
        return (results, configuration)
    }

    /// A chain as a candidate: its text without surrounding whitespace.
    static func candidate(_ text: GeneratedText) -> String {
        text.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every item's samples, from the cache or sampled (and stored at once, so a stopped run
    /// resumes where it was).
    private func sample(
        _ requests: [GenerationRequest], progress: (CachedScorer.Progress) -> Void
    ) async throws -> (results: [GenerationResult], tokensEvaluated: Int) {
        let engineName = engine.model.engine, modelHash = engine.model.fileHash
        var results: [GenerationResult?] = try requests.map { try cache.lookupGeneration($0, engine: engineName, modelHash: modelHash) }
        var state = CachedScorer.Progress(
            done: results.count { $0 != nil }, total: requests.count, cached: results.count { $0 != nil }, tokensEvaluated: 0)
        progress(state)
        logger.info("generation cache", metadata: ["items": "\(requests.count)", "cached": "\(state.cached)"])
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
