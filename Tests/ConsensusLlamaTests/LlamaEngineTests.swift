import ConsensusLlama
import ConsensusScoring
import Foundation
import Testing

/// Tests against the real default model (scripts/setup.sh installs it). Serialised: each engine
/// holds a llama.cpp context, and the machine has two cores.
@Suite("LlamaEngine", .serialized)
struct LlamaEngineTests {
    static let france = ContinuationRequest(prompt: "The capital of France is", continuation: " Paris, a city on the Seine.")

    /// The values measured for llama.cpp b11434, flash attention off, per CPU build variant
    /// (docs/engine.md): each build rounds differently, and each is reproducible to 1e-5. The
    /// named model is the Q4_1 release dequantized to F32; the Q4_1 file itself is kept too.
    static let franceF32ByVariant: [String: Double] = ["avx512-vnni-bf16": -21.480477]
    static let franceQ4_1ByVariant: [String: Double] = ["avx2": -21.538978, "avx512-vnni-bf16": -21.283943]
    /// The float64 reference on the Q4_1 release's weights (scripts/reference/reference_scores.py),
    /// which the F32 copy holds exactly: F32 products keep activations in f32, so a build without
    /// a pinned value must still land within 0.005 nat of it.
    static let franceReference = -21.479626

    @Test(arguments: [false, true])
    func franceExample(quantized: Bool) async throws {
        let engine = try EngineFixture.engine(path: quantized ? EngineFixture.smallModelQ4_1 : EngineFixture.smallModel)
        let score = try await engine.score(Self.france)
        let variant = LlamaEngine.buildVariant
        if quantized {
            let expected = try #require(Self.franceQ4_1ByVariant[variant], "no measured Q4_1 value for the \(variant) build")
            #expect(abs(score.logProbability - expected) < 1e-5, "got \(score.logProbability)")
        } else if let expected = Self.franceF32ByVariant[variant] {
            #expect(abs(score.logProbability - expected) < 1e-5, "got \(score.logProbability)")
        } else {
            #expect(abs(score.logProbability - Self.franceReference) < 0.005, "got \(score.logProbability) on the \(variant) build")
        }
        #expect(score.continuationTokenCount == 9)
        #expect(score.promptTokenCount == 5)
        #expect(abs(score.tokenLogProbabilities.reduce(0, +) - score.logProbability) < 1e-12)
    }

    /// Tokens exactly as the independent reference tokenizer gives them (lm-evaluation-harness's
    /// split), and log-probabilities close to a float64 forward pass on the same weights.
    @Test func matchesTheIndependentReference() async throws {
        let golden = try EngineFixture.Golden.load()
        // The named model holds the Q4_1 release's weights in F32: the reference on those weights.
        let reference = try #require(golden.models.first { $0.model.hasSuffix("Q4_1.gguf") })
        let engine = try EngineFixture.engine()
        for c in reference.cases {
            let request = ContinuationRequest(prompt: c.prompt, continuation: c.continuation)
            let tokens = try engine.tokenize(request)
            #expect(tokens.prompt == c.prompt_tokens, "prompt tokens of \(c.prompt.debugDescription)")
            #expect(tokens.continuation == c.continuation_tokens, "continuation tokens of \(c.continuation.debugDescription)")
            let score = try await engine.score(request)
            // llama.cpp rounds the KV cache to f16; the reference computes in float64. An
            // off-by-one or a tokenization slip moves sums by whole nats.
            #expect(abs(score.logProbability - c.sum) < 0.05, "\(c.prompt.debugDescription) + \(c.continuation.debugDescription): \(score.logProbability) vs \(c.sum)")
            for (i, (mine, theirs)) in zip(score.tokenLogProbabilities, c.token_logprobs).enumerated() {
                #expect(abs(mine - theirs) < 0.03, "token \(i) of \(c.continuation.debugDescription)")
            }
            // Greedy where the reference's margin is clear either way.
            let clear = c.token_argmax_margin.allSatisfy { abs($0) > 0.1 }
            if clear { #expect(score.isGreedy == c.token_argmax_margin.allSatisfy { $0 > 0 }) }
        }
    }

    static func erGroup(passage: String) -> ScoringGroup {
        let question = "\(passage)Question: Which planet is known as the Red Planet?\n"
        let choices = ["Mars", "Venus", "Jupiter", "Mercury, the smallest planet"]
        var continuations: [ContinuationRequest] = []
        for wording in ["Answer:", "Incorrect answer:"] {
            continuations += choices.map { ContinuationRequest(prompt: question + wording, continuation: " " + $0) }
        }
        let labels = choices.map {
            LabelRequest(prompt: question + "Proposed answer: \($0)\nIs the proposed answer correct?", labels: [" Yes", " No", " Not sure"])
        }
        return ScoringGroup(continuations: continuations, labels: labels)
    }

    /// Alone, packed into batches of any size, or prefix-shared: the same scores to 1e-5.
    @Test(arguments: [2, 7, 64, 512])
    func scoresDoNotDependOnSharingOrBatching(batchSize: Int) async throws {
        let group = Self.erGroup(passage: "Passage: The planets of the solar system differ in colour, size and distance from the Sun.\n")
        let engine = try EngineFixture.engine(batchSize: batchSize)
        let together = try await engine.score(group)
        let all = together.continuations + together.labels.flatMap { $0 }
        let alone = try EngineFixture.engine()
        for (request, score) in zip(group.allContinuationRequests, all) {
            let single = try await alone.score(request)
            #expect(abs(single.logProbability - score.logProbability) < 1e-5, "\(request.continuation)")
            #expect(single.continuationTokenCount == score.continuationTokenCount)
            #expect(single.isGreedy == score.isGreedy)
        }
        // The trie minimum, plus at most one re-evaluated token per one-token decode.
        #expect(together.cost.tokensEvaluated >= together.cost.trieMinimumTokens)
        #expect(Double(together.cost.tokensEvaluated) <= 1.05 * Double(together.cost.trieMinimumTokens) || batchSize < 8)
        #expect(together.cost.tokensEvaluated < together.cost.tokensWithoutSharing / 2)
    }

    /// A label request is the same question as continuation requests, multi-token labels included.
    @Test func labelScoringMatchesContinuationScoring() async throws {
        let engine = try EngineFixture.engine()
        let prompt = "Question: Is water wet?\nAnswer:"
        let labels = [" Yes", " No", " It depends on the definition"]
        let byLabel = try await engine.score(LabelRequest(prompt: prompt, labels: labels))
        #expect(byLabel.count == 3)
        #expect(byLabel[2].continuationTokenCount > 1)
        for (label, score) in zip(labels, byLabel) {
            let direct = try await engine.score(ContinuationRequest(prompt: prompt, continuation: label))
            #expect(abs(direct.logProbability - score.logProbability) < 1e-5)
        }
        #expect(byLabel[0].logProbability > byLabel[2].logProbability)
    }

    @Test func concurrentCallersGetTheSameScores() async throws {
        let engine = try EngineFixture.engine()
        let requests = (0..<6).map { ContinuationRequest(prompt: "Count: \($0), \($0 + 1),", continuation: " \($0 + 2)") }
        var serial: [Double] = []
        for r in requests { serial.append(try await engine.score(r).logProbability) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, Double).self) { group in
            for (i, r) in requests.enumerated() { group.addTask { (i, try await engine.score(r).logProbability) } }
            var out = [Double](repeating: 0, count: requests.count)
            for try await (i, v) in group { out[i] = v }
            return out
        }
        for (a, b) in zip(serial, concurrent) { #expect(abs(a - b) < 1e-5) }
    }

    @Test func tooLongARequestIsRefusedAndTheEngineGoesOn() async throws {
        let engine = try EngineFixture.engine(contextLength: 64)
        let long = ContinuationRequest(prompt: String(repeating: "word ", count: 200), continuation: " end")
        let error = try await #require(throws: ScoringError.self) { try await engine.score(long) }
        #expect(error.kind == .requestTooLong)
        #expect(error.message.contains("context length of 64"))
        let ok = try await engine.score(ContinuationRequest(prompt: "Hello", continuation: " world"))
        #expect(ok.logProbability < 0)
    }

    @Test func trailingWhitespaceMovesToTheContinuation() async throws {
        let engine = try EngineFixture.engine()
        let a = try await engine.score(ContinuationRequest(prompt: "Answer: ", continuation: "4"))
        let b = try await engine.score(ContinuationRequest(prompt: "Answer:", continuation: " 4"))
        #expect(a.tokenLogProbabilities == b.tokenLogProbabilities)
        let error = try await #require(throws: ScoringError.self) {
            try await engine.score(ContinuationRequest(prompt: "Answer:", continuation: ""))
        }
        #expect(error.kind == .emptyContinuation)
    }

    @Test func missingCorruptAndForeignModelFilesGiveClearErrors() throws {
        let missing = "/nonexistent/model.gguf"
        let e1 = try #require(throws: ScoringError.self) { try EngineFixture.engine(path: missing) }
        #expect(e1.kind == .modelNotFound && e1.message.contains(missing))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("consensus-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("notes.gguf")
        try Data("hello, not a model".utf8).write(to: text)
        let e2 = try #require(throws: ScoringError.self) { try EngineFixture.engine(path: text.path) }
        #expect(e2.kind == .notAModel && e2.message.contains(text.path))

        // The real model's header with its tensor data cut off.
        let truncated = dir.appendingPathComponent("truncated.gguf")
        let whole = try FileHandle(forReadingFrom: URL(fileURLWithPath: try EngineFixture.smallModel))
        try whole.read(upToCount: 4 << 20)!.write(to: truncated)
        let e3 = try #require(throws: ScoringError.self) { try EngineFixture.engine(path: truncated.path) }
        #expect(e3.kind == .unsupportedModel && e3.message.contains(truncated.path) && e3.message.contains("llama"))
    }

    /// Settings are checked before the model file is opened (so no model is needed here).
    @Test func settingsAreChecked() {
        let nowhere = "/nonexistent/model.gguf"
        let batch = #expect(throws: SettingsError.self) { try EngineFixture.engine(path: nowhere, batchSize: 1) }
        #expect(batch?.setting == "batchSize" && batch?.value == "1")
        let context = #expect(throws: SettingsError.self) { try EngineFixture.engine(path: nowhere, contextLength: 4) }
        #expect(context?.description == "contextLength must be at least 8 tokens (got 4)")
    }

    @Test func describesTheModel() throws {
        let engine = try EngineFixture.engine()
        #expect(engine.model.architecture == "llama")
        #expect(engine.model.vocabularySize == 49152)
        #expect(engine.model.trainedContextLength == 8192)
        #expect(engine.model.contextLength == 2048)
        #expect(engine.model.fileHash.count == 64)
    }
}
