public import ConsensusScoring
import Foundation
public import Logging

/// The embedded scoring engine: llama.cpp in-process, on the CPU, running a GGUF model.
///
/// Each group's requests are tokenized as lm-evaluation-harness does it, laid into a prefix
/// trie, and every shared prefix is evaluated once; sibling branches are decoded together
/// (``LlamaEngineSettings/packsBranches``). Scores do not depend on the group a request is
/// scored in. The engine owns its llama.cpp context; as an
/// actor it serves one group at a time and is safe to call from concurrent tasks. Model and
/// context are freed when the engine is.
public actor LlamaEngine: TokenScoringEngine, GeneratingEngine, ChatTemplating {
    public nonisolated let model: ModelDescription
    public nonisolated let settings: LlamaEngineSettings
    /// Trie positions one pack of groups takes: the setting's, or by default sized to the model
    /// (``LlamaEngineSettings/packTokens(layers:width:parameters:)``).
    public nonisolated let packTokens: Int
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
    ///   ``SettingsError``.
    public init(modelPath: String, settings: LlamaEngineSettings = .init(), logger: Logger) throws {
        try settings.validate()
        let started = Date()
        let llamaModel = try LlamaModel(path: modelPath)
        context = try LlamaContext(model: llamaModel, settings: settings)
        layout = CellLayout(context: context)
        self.llamaModel = llamaModel
        self.settings = settings
        packTokens = settings.packTokens
            ?? LlamaEngineSettings.packTokens(layers: llamaModel.layerCount, width: llamaModel.width, parameters: llamaModel.parameterCount)
        self.logger = logger
        model = ModelDescription(
            name: llamaModel.name,
            engine: "llama.cpp b11434 (\(LlamaBackend.variant); flash attention off; f16 KV; "
                + (llamaModel.floatsOnly ? "" : "\(LlamaBackend.kQuantTiles); ") + "BOS \(settings.addBOS ?? llamaModel.addsBOS ? "on" : "off"))",
            architecture: llamaModel.architecture,
            location: modelPath, vocabularySize: llamaModel.vocabularySize,
            trainedContextLength: llamaModel.trainedContextLength, contextLength: context.contextLength,
            fileHash: try FileHash.sha256(ofFileAt: modelPath))
        logger.debug(
            "loaded model",
            metadata: [
                "path": "\(modelPath)", "architecture": "\(llamaModel.architecture)", "pack tokens": "\(packTokens)",
                "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))",
            ])
    }

    /// The llama.cpp CPU build this process runs (``LlamaBackend/variant``), e.g. `avx512-vnni-bf16`.
    public static var buildVariant: String { LlamaBackend.variant }

    /// The KV-cell alignment that keeps packed scores bit-identical (8, or 16 on AVX-512 builds;
    /// see docs/engine.md).
    public static var attentionBlock: Int { LlamaBackend.attentionBlock }

    /// The tokens of a request as the engine scores it: the prompt's tokens, then the
    /// continuation's (see ``Tokenization``). Thread-safe: it does not wait for the engine.
    public nonisolated func tokenize(_ request: ContinuationRequest) throws -> (prompt: [Int32], continuation: [Int32]) {
        try Tokenization(model: llamaModel, addBOS: settings.addBOS ?? llamaModel.addsBOS).split(request)
    }

    /// The baseline of `consensus bench engine`: decodes the positions the engine evaluates for
    /// `group` (its prefix trie's, each once) with plain `llama_decode` calls, as one sequence in
    /// batches of the batch size, asking llama.cpp for as many logit rows as the engine reads,
    /// and nothing else: no layout, no log-softmax. The cost's `tokensEvaluated` is the trie
    /// minimum.
    public func decodePlainly(_ group: ScoringGroup) throws -> ScoringCost {
        let tokenization = Tokenization(model: llamaModel, addBOS: settings.addBOS ?? llamaModel.addsBOS)
        let split = try tokenization.split(group.allContinuationRequests, workers: settings.threads)
        let trie = PrefixTrie(sequences: split.map { $0.prompt + $0.continuation }, scoredFrom: split.map(\.prompt.count))
        guard trie.minimumTokens <= context.cellCount else {
            throw ScoringError(.requestTooLong, "the group's \(trie.minimumTokens) positions do not fit one sequence of \(context.cellCount) cells")
        }
        var entries: [LlamaContext.Entry] = []
        for node in trie.nodes {
            for offset in 0..<node.evaluatedCount {
                entries.append(.init(token: node.tokens[offset], position: entries.count, sequence: 0, wantsOutput: node.needsOutput[offset]))
            }
        }
        let started = ContinuousClock.now
        context.clear()
        var calls = 0
        for start in stride(from: 0, to: entries.count, by: context.batchSize) {
            try context.decode(Array(entries[start..<min(start + context.batchSize, entries.count)]))
            calls += 1
        }
        context.clear()
        let elapsed = started.duration(to: .now)
        return ScoringCost(
            tokensEvaluated: entries.count, trieMinimumTokens: trie.minimumTokens, tokensWithoutSharing: trie.tokensWithoutSharing,
            milliseconds: elapsed.milliseconds,
            modelCalls: calls)
    }

    public func score(_ group: ScoringGroup) async throws -> GroupScores {
        try await score(groups: [group])[0]
    }

    /// Scores several groups, packing consecutive groups into one evaluation (one prefix trie,
    /// shared decodes) while their trie positions stay within ``packTokens`` and their layout
    /// fits the context. Each score is bit-identical to the group's score alone; a pack's tokens
    /// and time are shared among its groups in proportion to their own trie minimum, and its
    /// decodes are counted on its first.
    public func score(groups: [ScoringGroup]) async throws -> [GroupScores] {
        let tokenization = Tokenization(model: llamaModel, addBOS: settings.addBOS ?? llamaModel.addsBOS)
        let prepared = try groups.map { group in
            let split = try tokenization.split(group.allContinuationRequests, workers: settings.threads)
            let sequences = split.map { $0.prompt + $0.continuation }
            let scoredFrom = split.map(\.prompt.count)
            return PreparedGroup(
                group: group, sequences: sequences, scoredFrom: scoredFrom,
                minimumTokens: PrefixTrie(sequences: sequences, scoredFrom: scoredFrom).minimumTokens)
        }
        var results: [GroupScores] = []
        var start = 0
        while start < prepared.count {
            var end = start + 1
            while end < prepared.count, settings.packsBranches, fitsOnePack(prepared[start...end]) { end += 1 }
            results += try scorePack(prepared[start..<end])
            start = end
        }
        return results
    }

    public nonisolated var groupsPerCall: Int { settings.groupsPerCall }

    /// One group's requests as token sequences, and its own trie minimum.
    private struct PreparedGroup {
        var group: ScoringGroup
        var sequences: [[Int32]]
        var scoredFrom: [Int]
        var minimumTokens: Int
    }

    /// Whether `pack` can be evaluated together: within the token budget, and packable.
    private func fitsOnePack(_ pack: ArraySlice<PreparedGroup>) -> Bool {
        guard pack.reduce(0, { $0 + $1.minimumTokens }) <= packTokens else { return false }
        let trie = PrefixTrie(sequences: pack.flatMap(\.sequences), scoredFrom: pack.flatMap(\.scoredFrom))
        return PackedEvaluator.fits(TrieChains(trie: trie), in: context)
    }

    private func scorePack(_ pack: ArraySlice<PreparedGroup>) throws -> [GroupScores] {
        let sequences = pack.flatMap(\.sequences), scoredFrom = pack.flatMap(\.scoredFrom)
        let (predictions, cost) = try predict(sequences, scoredFrom: scoredFrom)
        let total = Double(max(1, pack.reduce(0) { $0 + $1.minimumTokens }))
        var next = 0
        return pack.enumerated().map { k, prepared in
            let scores = prepared.sequences.indices.map { i in
                ContinuationScore(
                    predictions: predictions[next + i], tokens: Array(prepared.sequences[i][prepared.scoredFrom[i]...]),
                    promptTokenCount: prepared.scoredFrom[i])
            }
            next += prepared.sequences.count
            let share = Double(prepared.minimumTokens) / total
            let own = ScoringCost(
                tokensEvaluated: Int((Double(cost.tokensEvaluated) * share).rounded()), trieMinimumTokens: prepared.minimumTokens,
                tokensWithoutSharing: prepared.sequences.reduce(0) { $0 + $1.count - 1 },
                milliseconds: cost.milliseconds * share, modelCalls: k == 0 ? cost.modelCalls : 0)
            return GroupScores(prepared.group, scores: scores, cost: own)
        }
    }

    /// The model's prediction of every token of each sequence from position `scoredFrom[i]` on,
    /// given the tokens before it; every shared prefix is evaluated once, and a prediction does
    /// not depend on the other sequences of the call.
    /// - Parameters:
    ///   - sequences: token sequences, each non-empty, at most the context length.
    ///   - scoredFrom: for each sequence, its first predicted position, `1 ..< count`.
    /// - Returns: for each sequence, one prediction per position `scoredFrom[i] ..< count`.
    /// - Throws: ``ScoringError`` for a sequence longer than the context, or an engine failure.
    public func predict(_ sequences: [[Int32]], scoredFrom: [Int]) throws -> (predictions: [[TokenPrediction]], cost: ScoringCost) {
        let started = ContinuousClock.now
        for (index, sequence) in sequences.enumerated() where sequence.count > context.contextLength {
            throw ScoringError(
                .requestTooLong,
                "request \(index + 1) of the group has \(sequence.count) tokens, more than the context length of \(context.contextLength); raise --context-length (the model was trained on \(llamaModel.trainedContextLength))",
                request: index)
        }
        let trie = PrefixTrie(sequences: sequences, scoredFrom: scoredFrom)
        let evaluation = try evaluate(trie)
        let predictions = sequences.indices.map { index in
            (scoredFrom[index]..<sequences[index].count).map { position in
                guard let prediction = evaluation.predictions.prediction(sequence: index, position: position - 1) else {
                    preconditionFailure("no prediction for sequence \(index) position \(position)")
                }
                return prediction
            }
        }
        let elapsed = started.duration(to: .now)
        let cost = ScoringCost(
            tokensEvaluated: evaluation.tokensEvaluated, trieMinimumTokens: trie.minimumTokens,
            tokensWithoutSharing: trie.tokensWithoutSharing,
            milliseconds: elapsed.milliseconds,
            modelCalls: evaluation.decodes)
        logger.trace(
            "scored group",
            metadata: [
                "sequences": "\(sequences.count)", "tokens": "\(cost.tokensEvaluated)",
                "trie minimum": "\(cost.trieMinimumTokens)", "decodes": "\(evaluation.decodes)",
            ])
        return (predictions, cost)
    }

    /// The tokens of `text` as a prompt is encoded (BOS first when the engine adds one), for
    /// clients that send token ids. Thread-safe: it does not wait for the engine.
    public nonisolated func tokenize(text: String, addSpecialTokens: Bool = true) throws -> [Int32] {
        try llamaModel.tokenize(text, addBOS: addSpecialTokens && (settings.addBOS ?? llamaModel.addsBOS))
    }

    /// The text of one token. Thread-safe.
    public nonisolated func text(of token: Int32) -> String { llamaModel.piece(token) }

    /// The model's chat template from its GGUF metadata around one user message, as llama.cpp
    /// applies it (``ChatFormat``). Thread-safe.
    /// - Throws: ``ScoringError`` when the file has no chat template or llama.cpp does not know it.
    public nonisolated func chatFormat(systemInstruction: String?) throws -> ChatFormat {
        try llamaModel.chatFormat(systemInstruction: systemInstruction)
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
