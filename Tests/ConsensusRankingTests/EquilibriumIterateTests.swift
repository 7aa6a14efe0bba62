import ConsensusGame
import ConsensusScoring
import Foundation
import Testing

@testable import ConsensusRanking

/// A ranking agrees with itself: P(correct), ER-D's scores and its pick all read the one iterate
/// that ``SolverSettings/equilibriumIterate`` names (``Solution/equilibrium``).
@Suite("Equilibrium iterate")
struct EquilibriumIterateTests {
    static let model = ModelDescription(
        name: "m", engine: "e", architecture: "llama", location: "m.gguf", vocabularySize: 2, trainedContextLength: 8,
        contextLength: 8, fileHash: "ab")

    /// A game whose last and average iterates differ after a few iterations.
    static func result(_ iterate: EquilibriumIterate) throws -> RankingResult {
        var options = RankingOptions()
        options.solver.iterations = 20
        options.solver.equilibriumIterate = iterate
        return try DegenerateGameTests.result(incorrect: [log(0.1), log(0.3), log(0.6)], options: options)
    }

    @Test(arguments: [EquilibriumIterate.last, .average])
    func probabilityCorrectIsTheERDScoreOfThePick(_ iterate: EquilibriumIterate) throws {
        let r = try Self.result(iterate)
        // The test means something only where the two iterates differ.
        #expect(r.solution.lastIterate.discriminator.correct != r.solution.averageIterate.discriminator.correct)
        let erd = r.solution.scores.equilibriumDiscriminator
        #expect(r.probabilityCorrect == erd)
        #expect(r.probabilityCorrect == r.solution.equilibrium.discriminator.correct)
        let pick = r.pick(.equilibriumDiscriminator)
        #expect(r.probabilityCorrect[pick] == erd.max())
        #expect(r.probabilityCorrect[pick] == erd[pick])
    }

    /// The same on the wire (`/v1/rank`, `rank --json`): `probability_correct` is `scores["ER-D"]`.
    @Test func theAnswersProbabilityCorrectIsItsERDScores() throws {
        let r = try Self.result(.average)
        let data = try WireFormat.encoder().encode(RankResponse(r, model: Self.model))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let probability = try #require(object["probability_correct"] as? [Double])
        let scores = try #require(object["scores"] as? [String: [Double]])
        let pick = try #require(object["pick"] as? [String: Int])
        #expect(probability == scores["ER-D"])
        let erdPick = try #require(pick["ER-D"])
        #expect(probability[erdPick] == probability.max())
    }
}
