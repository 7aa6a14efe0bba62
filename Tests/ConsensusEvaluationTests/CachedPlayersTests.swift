import ConsensusScoring
import ConsensusTesting
import Foundation
import Logging
import Testing

@testable import ConsensusEvaluation

/// Through the score cache, a group's label requests still reach the engine as labels, so two
/// players on two models (``PlayerEngines``) each score their own prompts, also when a long group
/// is cut into pieces that split a label request.
@Suite struct CachedPlayersTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let key = ScoreCache.Key(engine: "players", modelHash: String(repeating: "2", count: 64), templateHash: "t")

    @Test(arguments: [1000, 3])
    func eachPlayerScoresItsOwnPromptsThroughTheCache(requestsPerCall: Int) async throws {
        let generator = FixtureEngine(name: "small", scores: { _ in -1 })
        let discriminator = FixtureEngine(name: "large", scores: { _ in -2 })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("consensus-players-\(UUID()).sqlite").path
        var scorer = CachedScorer(
            engine: PlayerEngines(generator: generator, discriminator: discriminator), cache: try ScoreCache(path: path), logger: Self.logger)
        scorer.requestsPerCall = requestsPerCall
        let group = ScoringGroup(
            continuations: [ContinuationRequest(prompt: "Q:", continuation: " Mars"), ContinuationRequest(prompt: "Q:", continuation: " Venus")],
            labels: [LabelRequest(prompt: "Is Mars right?", labels: [" Yes", " No"])])
        let first = try await scorer.score([group], key: Self.key)
        #expect(first.scores[0].continuations.map(\.logProbability) == [-1, -1])
        #expect(first.scores[0].labels.map { $0.map(\.logProbability) } == [[-2, -2]])
        #expect(generator.record.requests.map(\.continuation) == [" Mars", " Venus"])
        #expect(discriminator.record.requests.map(\.continuation) == [" Yes", " No"])
        // The second time, everything comes from the cache.
        let again = try await scorer.score([group], key: Self.key)
        #expect(again.scores == first.scores && again.cachedGroups == 1)
        #expect(generator.record.requests.count == 2 && discriminator.record.requests.count == 2)
    }
}
