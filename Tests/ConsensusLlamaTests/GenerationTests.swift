import ConsensusLlama
import ConsensusScoring
import Foundation
import Testing

/// Sampling with the real default model: seeded determinism, stops, and that generation leaves
/// scoring untouched.
@Suite("Generation", .serialized)
struct GenerationTests {
    static let prompt = "Question: Tom has 3 apples and buys 4 more. How many apples does he have?\nAnswer:"

    static func request(seed: UInt64, samples: Int = 4, maxNewTokens: Int = 24) -> GenerationRequest {
        GenerationRequest(
            prompt: prompt, samples: samples, temperature: 0.7, seed: seed, stopStrings: ["\n\n"],
            maxNewTokens: maxNewTokens, includesGreedy: true)
    }

    @Test func theSameSeedGivesTheSameSamplesAndAnotherSeedOthers() async throws {
        let engine = try EngineFixture.engine(threads: 1)
        let a = try await engine.generate(Self.request(seed: 7))
        let b = try await engine.generate(Self.request(seed: 7))
        let c = try await engine.generate(Self.request(seed: 8))
        #expect(a.samples == b.samples && a.greedy == b.greedy)
        #expect(a.samples.count == 4)
        #expect(a.samples.map(\.tokens) != c.samples.map(\.tokens))
        #expect(a.greedy == c.greedy, "the greedy continuation does not depend on the seed")
        for text in a.samples + [a.greedy!] {
            #expect(text.tokens.count == text.tokenLogProbabilities.count && text.tokens.count <= 24)
            #expect(text.tokenLogProbabilities.allSatisfy { $0 <= 0 && $0.isFinite })
            #expect(!text.text.contains("\n\n"))
            if text.stopReason == .maxTokens { #expect(text.tokens.count == 24) }
        }
    }

    @Test func greedyTokensAreTheScorersArgmaxWithTheSameLogProbabilities() async throws {
        let engine = try EngineFixture.engine(threads: 1)
        let result = try await engine.generate(GenerationRequest(prompt: Self.prompt, samples: 0, maxNewTokens: 12, includesGreedy: true))
        let greedy = try #require(result.greedy)
        #expect(greedy.stopReason == .maxTokens && greedy.tokens.count == 12)
        // Score the greedy text as a continuation: same tokens, each the argmax, same log-probs.
        let score = try await engine.score(ContinuationRequest(prompt: Self.prompt, continuation: greedy.text))
        let tokens = try engine.tokenize(ContinuationRequest(prompt: Self.prompt, continuation: greedy.text))
        #expect(tokens.continuation == greedy.tokens)
        #expect(score.isGreedy)
        for (scored, generated) in zip(score.tokenLogProbabilities, greedy.tokenLogProbabilities) {
            #expect(abs(scored - generated) < 0.02, "\(score.tokenLogProbabilities) vs \(greedy.tokenLogProbabilities)")
        }
    }

    @Test func aStopStringEndsTheTextBeforeItAndOneTokenIsEnough() async throws {
        let engine = try EngineFixture.engine(threads: 1)
        let free = try #require(try await engine.generate(GenerationRequest(prompt: Self.prompt, samples: 0, maxNewTokens: 8, includesGreedy: true)).greedy)
        // Stop at the second character of the greedy text: the text is its first character.
        let stop = String(free.text.dropFirst().prefix(1))
        let stopped = try #require(try await engine.generate(GenerationRequest(
            prompt: Self.prompt, samples: 0, stopStrings: [stop], maxNewTokens: 8, includesGreedy: true)).greedy)
        #expect(stopped.stopReason == .stopString)
        let cut = try #require(free.text.range(of: stop))
        #expect(stopped.text == String(free.text[..<cut.lowerBound]))
        let one = try await engine.generate(GenerationRequest(prompt: Self.prompt, samples: 3, seed: 1, maxNewTokens: 1))
        #expect(one.samples.allSatisfy { $0.tokens.count == 1 && $0.stopReason == .maxTokens } && one.greedy == nil)
    }

    /// The engine keeps the last prompt and reuses the shared leading tokens: the samples are
    /// the same as from an engine that never generated.
    @Test func aReusedPromptPrefixGivesTheSameSamplesAsAFreshEngine() async throws {
        let other = GenerationRequest(
            prompt: "Question: A cat has 4 legs. How many legs do 3 cats have?\nAnswer:", samples: 3, seed: 5,
            stopStrings: ["\n\n"], maxNewTokens: 20, includesGreedy: true)
        let used = try EngineFixture.engine(threads: 1)
        _ = try await used.generate(Self.request(seed: 1, samples: 2, maxNewTokens: 10))
        let afterAnother = try await used.generate(other)
        let again = try await used.generate(other)
        let fresh = try await EngineFixture.engine(threads: 1).generate(other)
        #expect(afterAnother.samples == fresh.samples && afterAnother.greedy == fresh.greedy)
        #expect(again.samples == fresh.samples && again.greedy == fresh.greedy)
        // Only the tokens after the shared prefix ("Question: A" …) were decoded for the prompt.
        #expect(afterAnother.cost.tokensEvaluated < fresh.cost.tokensEvaluated)
    }

    @Test func scoresAreBitIdenticalBeforeAndAfterAGeneration() async throws {
        let engine = try EngineFixture.engine(threads: 1)
        let group = ScoringGroup(
            continuations: [" 7 apples", " 12 apples", " seven"].map { ContinuationRequest(prompt: Self.prompt, continuation: $0) },
            labels: [LabelRequest(prompt: Self.prompt + " 7\nCorrect?", labels: [" Yes", " No"])])
        let before = try await engine.score(group)
        _ = try await engine.generate(Self.request(seed: 3, samples: 6, maxNewTokens: 40))
        let after = try await engine.score(group)
        #expect(before.continuations == after.continuations && before.labels == after.labels)
    }

    @Test(arguments: [
        GenerationRequest(prompt: "x", samples: 0),
        GenerationRequest(prompt: "x", samples: 2, temperature: -1),
        GenerationRequest(prompt: "x", samples: 2, topP: 0),
        GenerationRequest(prompt: "x", samples: 2, maxNewTokens: 0),
        GenerationRequest(prompt: "x", samples: 2, stopStrings: [""]),
    ])
    func badRequestsAreRefused(request: GenerationRequest) async throws {
        let engine = try EngineFixture.engine(threads: 1)
        await #expect(throws: ScoringError.self) { try await engine.generate(request) }
    }
}
