import ConsensusEvaluation
import ConsensusScoring
import Foundation
import Testing

@Suite("ScoreCache")
struct ScoreCacheTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID()).sqlite").path
    }

    static let key = ScoreCache.Key(engine: "e", modelHash: "model-a", templateHash: "t")
    static let requests = (0..<3).map { ContinuationRequest(prompt: "Question: \($0)?\nAnswer:", continuation: " \($0)") }
    static func score(_ x: Double) -> ContinuationScore {
        ContinuationScore(logProbability: x, tokenLogProbabilities: [x / 2, x / 2], promptTokenCount: 5, continuationTokenCount: 2, isGreedy: x > -1)
    }

    @Test func storedScoresComeBackExactly() throws {
        let path = Self.temporaryPath()
        let cache = try ScoreCache(path: path)
        let pairs = Self.requests.enumerated().map { ($0.element, Self.score(-Double($0.offset) - 0.123456789012345)) }
        try cache.store(pairs, key: Self.key, cost: ScoringCost(tokensEvaluated: 40, milliseconds: 12))
        // A new connection (a resumed run) reads the same values, bit for bit.
        let reopened = try ScoreCache(path: path)
        let found = try reopened.lookup(Self.requests + [ContinuationRequest(prompt: "x", continuation: " y")], key: Self.key)
        #expect(found.count == 3)
        for (request, score) in pairs { #expect(found[request] == score) }
        let stats = try reopened.statistics()
        #expect(stats.scores == 3 && stats.groupsScored == 1 && stats.groupsScoredMoreThanOnce == 0 && stats.tokensEvaluated == 40)
    }

    @Test func anotherModelOrTemplateNeverReadsTheseScores() throws {
        let cache = try ScoreCache(path: Self.temporaryPath())
        try cache.store([(Self.requests[0], Self.score(-1))], key: Self.key, cost: ScoringCost())
        var other = Self.key
        other.modelHash = "model-b"
        #expect(try cache.lookup(Self.requests, key: other).isEmpty)
        other = Self.key
        other.templateHash = "t2"
        #expect(try cache.lookup(Self.requests, key: other).isEmpty)
        other = Self.key
        other.engine = "e2"
        #expect(try cache.lookup(Self.requests, key: other).isEmpty)
        #expect(try cache.lookup(Self.requests, key: Self.key).count == 1)
    }

    /// A chat prompt and a plain prompt of the same characters are different requests (the
    /// plain one's special-token text is text): neither reads the other's score.
    @Test func aChatPromptNeverReadsThePlainScoreOfTheSameCharacters() throws {
        let cache = try ScoreCache(path: Self.temporaryPath())
        let chat = ContinuationRequest(parts: [.markup("<|im_start|>user\n"), .text("Q?"), .markup("<|im_end|>\n<|im_start|>assistant\n")], continuation: "A")
        let plain = ContinuationRequest(prompt: chat.prompt, continuation: chat.continuation)
        let text = ContinuationRequest(parts: chat.parts.map { .text($0.text) }, continuation: "A")
        #expect(ScoreCache.hash(chat) != ScoreCache.hash(plain))
        #expect(ScoreCache.hash(text) == ScoreCache.hash(plain))  // no markup: a plain prompt, hashed as before
        #expect(ScoreCache.hash(plain) == SHA256.hex(plain.prompt + "\u{0}" + plain.continuation))
        try cache.store([(plain, Self.score(-1))], key: Self.key, cost: ScoringCost())
        #expect(try cache.lookup([chat], key: Self.key).isEmpty)
        try cache.store([(chat, Self.score(-2))], key: Self.key, cost: ScoringCost())
        #expect(try cache.lookup([chat], key: Self.key)[chat] == Self.score(-2))
        #expect(try cache.lookup([plain], key: Self.key)[plain] == Self.score(-1))
    }

    @Test func scoringAGroupTwiceShowsInTheStatistics() throws {
        let cache = try ScoreCache(path: Self.temporaryPath())
        let pairs = Self.requests.map { ($0, Self.score(-2)) }
        try cache.store(pairs, key: Self.key, cost: ScoringCost())
        try cache.store(Array(pairs.prefix(1)), key: Self.key, cost: ScoringCost())
        #expect(try cache.statistics().groupsScoredMoreThanOnce == 0)
        try cache.store(pairs, key: Self.key, cost: ScoringCost())
        let stats = try cache.statistics()
        #expect(stats.groupsScored == 3 && stats.groupsScoredMoreThanOnce == 1 && stats.scores == 3)
    }

    @Test func anUnopenableCacheNamesItsFile() {
        let error = #expect(throws: ScoreCacheError.self) { try ScoreCache(path: "/proc/no/such/dir/cache.sqlite") }
        #expect(error?.kind == .cannotOpen && error?.path == "/proc/no/such/dir/cache.sqlite")
        #expect(error?.description.hasPrefix("/proc/no/such/dir/cache.sqlite: cannot open the score cache (") == true)
    }
}
