import ConsensusScoring
import Foundation
import Logging

/// The embedded scoring engine: llama.cpp in-process, on the CPU, running a GGUF model.
///
/// Each group's requests are tokenized as lm-evaluation-harness does it, laid into a prefix
/// trie, and every shared prefix is evaluated once; sibling branches are decoded together
/// (``LlamaEngineSettings/packsBranches``). Scores do not depend on the group a request is
/// scored in. The engine owns its llama.cpp context; as an
/// actor it serves one group at a time and is safe to call from concurrent tasks. Model and
/// context are freed when the engine is.
public actor LlamaEngine: ScoringEngine, GeneratingEngine {
    public nonisolated let model: ModelDescription
    public nonisolated let settings: LlamaEngineSettings
    private let llamaModel: LlamaModel
    private let context: LlamaContext
    private let layout: CellLayout
    private let logger: Logger
    /// The context generation decodes in, created on the first generation (see ``generate(_:)``).
    private var generationContext: LlamaContext?
    /// The prompt tokens the generation context holds (see ``SampleDecoder``).
    private var generationPrompt: [Int32] = []

    /// Loads the GGUF model at `path` and creates its context.
    /// - Throws: ``ScoringError`` (missing file, not a GGUF, unsupported model, out of memory) or
    ///   ``LlamaSettingsError``.
    public init(modelPath: String, settings: LlamaEngineSettings = .init(), logger: Logger) throws {
        try settings.validate()
        let started = Date()
        let llamaModel = try LlamaModel(path: modelPath)
        context = try LlamaContext(model: llamaModel, settings: settings)
        layout = CellLayout(context: context)
        self.llamaModel = llamaModel
        self.settings = settings
        self.logger = logger
        model = ModelDescription(
            name: llamaModel.name,
            engine: "llama.cpp b11434 (AVX2; flash attention off; f16 KV; BOS \(settings.addBOS ?? llamaModel.addsBOS ? "on" : "off"))",
            architecture: llamaModel.architecture,
            location: modelPath, vocabularySize: llamaModel.vocabularySize,
            trainedContextLength: llamaModel.trainedContextLength, contextLength: context.contextLength,
            fileHash: try FileHash.sha256(ofFileAt: modelPath))
        logger.debug(
            "loaded model",
            metadata: [
                "path": "\(modelPath)", "architecture": "\(llamaModel.architecture)",
                "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))",
            ])
    }

    /// The tokens of a request as the engine scores it: the prompt's tokens, then the
    /// continuation's (see ``Tokenization``).
    public func tokenize(_ request: ContinuationRequest) throws -> (prompt: [Int32], continuation: [Int32]) {
        try Tokenization(model: llamaModel, addBOS: settings.addBOS ?? llamaModel.addsBOS).split(request)
    }

    public func score(_ group: ScoringGroup) async throws -> GroupScores {
        let started = ContinuousClock.now
        let requests = group.allContinuationRequests
        let tokenization = Tokenization(model: llamaModel, addBOS: settings.addBOS ?? llamaModel.addsBOS)
        var sequences: [[Int32]] = []
        var scoredFrom: [Int] = []
        for (index, (prompt, continuation)) in try tokenization.split(requests, workers: settings.threads).enumerated() {
            let total = prompt.count + continuation.count
            guard total <= context.contextLength else {
                throw ScoringError(
                    .requestTooLong,
                    "request \(index + 1) of the group has \(total) tokens, more than the context length of \(context.contextLength); raise --context-length (the model was trained on \(llamaModel.trainedContextLength))")
            }
            sequences.append(prompt + continuation)
            scoredFrom.append(prompt.count)
        }
        let trie = PrefixTrie(sequences: sequences, scoredFrom: scoredFrom)
        let evaluation = try evaluate(trie)
        var scores: [ContinuationScore] = []
        for (index, sequence) in sequences.enumerated() {
            var logProbabilities: [Double] = []
            var greedy = true
            for position in scoredFrom[index]..<sequence.count {
                guard let prediction = evaluation.predictions.prediction(sequence: index, position: position - 1) else {
                    preconditionFailure("no prediction for sequence \(index) position \(position)")
                }
                logProbabilities.append(prediction.logProbability)
                greedy = greedy && prediction.isGreedy
            }
            scores.append(
                ContinuationScore(
                    logProbability: logProbabilities.reduce(0, +), tokenLogProbabilities: logProbabilities,
                    promptTokenCount: scoredFrom[index], continuationTokenCount: logProbabilities.count,
                    isGreedy: greedy))
        }
        let elapsed = started.duration(to: .now)
        let cost = ScoringCost(
            tokensEvaluated: evaluation.tokensEvaluated, trieMinimumTokens: trie.minimumTokens,
            tokensWithoutSharing: trie.tokensWithoutSharing,
            milliseconds: elapsed.milliseconds,
            modelCalls: evaluation.decodes)
        var labels: [[ContinuationScore]] = []
        var next = group.continuations.count
        for request in group.labels {
            labels.append(Array(scores[next..<(next + request.labels.count)]))
            next += request.labels.count
        }
        logger.trace(
            "scored group",
            metadata: [
                "requests": "\(requests.count)", "tokens": "\(cost.tokensEvaluated)",
                "trie minimum": "\(cost.trieMinimumTokens)", "decodes": "\(evaluation.decodes)",
            ])
        return GroupScores(continuations: Array(scores[..<group.continuations.count]), labels: labels, cost: cost)
    }

    /// Samples continuations of a prompt (see ``SampleDecoder``). Generation runs in a llama.cpp
    /// context of its own, of ``LlamaEngineSettings/generationCells`` cells, created on the first
    /// call, so that it never touches the cells the scoring evaluators lay out; scores are the
    /// same before and after a generation. The context keeps the last prompt, whose leading
    /// tokens the next request reuses.
    public func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        try request.validate()
        let started = ContinuousClock.now
        if generationContext == nil {
            var generationSettings = settings
            generationSettings.contextLength = max(settings.generationCells, settings.contextLength)
            generationContext = try LlamaContext(model: llamaModel, settings: generationSettings)
        }
        let context = generationContext!
        let addBOS = settings.addBOS ?? llamaModel.addsBOS
        let prompt = request.prompt.isEmpty ? [llamaModel.bos] : try llamaModel.tokenize(request.prompt, addBOS: addBOS)
        guard prompt.count + request.maxNewTokens <= settings.contextLength else {
            throw ScoringError(
                .requestTooLong,
                "the prompt has \(prompt.count) tokens; with \(request.maxNewTokens) new tokens that is more than the context length of \(settings.contextLength); raise --context-length or lower --max-new-tokens")
        }
        let decoded: (continuations: [GeneratedText], tokensEvaluated: Int, decodes: Int)
        do {
            decoded = try SampleDecoder(context: context, model: llamaModel, request: request, prompt: prompt, heldPrompt: generationPrompt).run()
            generationPrompt = prompt
        } catch {
            context.clear()
            generationPrompt = []
            throw error
        }
        let elapsed = started.duration(to: .now)
        let cost = ScoringCost(
            tokensEvaluated: decoded.tokensEvaluated,
            milliseconds: elapsed.milliseconds,
            modelCalls: decoded.decodes)
        logger.trace(
            "generated", metadata: ["samples": "\(decoded.continuations.count)", "tokens": "\(cost.tokensEvaluated)", "decodes": "\(cost.modelCalls)"])
        return GenerationResult(
            samples: Array(decoded.continuations.prefix(request.samples)),
            greedy: request.includesGreedy ? decoded.continuations.last : nil, cost: cost)
    }

    /// Runs the model over the trie: sibling branches packed into shared decodes when the
    /// settings ask for it and the group's layout fits the context, else one branch at a time.
    /// Both give the same scores.
    private func evaluate(_ trie: PrefixTrie) throws -> TrieEvaluation {
        if settings.packsBranches {
            let chains = TrieChains(trie: trie)
            if PackedEvaluator.fits(chains, in: context) {
                var evaluator = PackedEvaluator(trie: trie, chains: chains, context: context, layout: layout)
                return try evaluator.run()
            }
            logger.debug("group too large to pack; evaluating one branch at a time", metadata: ["chains": "\(chains.chains.count)"])
        }
        var evaluator = DepthFirstEvaluator(trie: trie, context: context)
        return try evaluator.run()
    }
}

extension Duration {
    /// The duration in milliseconds.
    var milliseconds: Double { Double(components.seconds) * 1e3 + Double(components.attoseconds) * 1e-15 }
}
