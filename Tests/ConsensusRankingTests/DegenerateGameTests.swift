import ConsensusGame
import ConsensusScoring
import Foundation
import Testing

@testable import ConsensusRanking

/// The guard for a degenerate game: a warning with the measured divergence, and G's pick
/// recommended only when asked.
@Suite("Degenerate game")
struct DegenerateGameTests {
    static let question = RankingQuestion(question: "Q?", candidates: ["a", "b", "c"])
    static let cost = RankingResult.Cost(tokensEvaluated: 0, trieMinimumTokens: 0, tokensWithoutSharing: 0, scoringMilliseconds: 0, solvingMilliseconds: 0)

    /// G prefers candidate 1 under both prompts alike (shift `-1` is the same shape), while D
    /// prefers candidate 3; `incorrectShape` moves the incorrect prompt's mass.
    static func result(incorrect: [Double], options: RankingOptions = .init()) throws -> RankingResult {
        let problem = try ConsensusProblem(
            generator: ByCorrectness(correct: [log(0.6), log(0.3), log(0.1)], incorrect: incorrect),
            discriminator: ByCorrectness(correct: [log(0.2), log(0.3), log(0.9)], incorrect: [log(0.8), log(0.7), log(0.1)]))
        let solution = EquilibriumSolver(settings: options.solver).solve(problem)
        return RankingResult(
            question: question, template: "qa", templateHash: "", candidateScore: .sum, problem: problem, solution: solution,
            solver: options.solver, cost: cost, options: options)
    }

    @Test func aGameTheGeneratorPlaysAlikeWarnsAndKeepsERD() throws {
        let r = try Self.result(incorrect: [log(0.6) - 1, log(0.3) - 1, log(0.1) - 1])
        #expect(r.generatorDivergence < 1e-12)
        #expect(r.warnings.count == 1)
        #expect(r.warnings[0].contains("degenerate"))
        #expect(r.recommended == r.pick(.equilibriumDiscriminator))
        #expect(r.pick(.generative) == 0)
        if r.pick(.equilibriumDiscriminator) != 0 { #expect(r.warnings[0].contains("G picks candidate 1")) }
    }

    @Test func fallingBackRecommendsGsPickAndChangesNoScore() throws {
        var options = RankingOptions()
        options.onDegenerate = .fallBackToG
        let alike = [log(0.6) - 1, log(0.3) - 1, log(0.1) - 1]
        let warned = try Self.result(incorrect: alike)
        let fallen = try Self.result(incorrect: alike, options: options)
        #expect(fallen.recommended == 0)
        #expect(fallen.warnings.count == 1 && fallen.warnings[0].hasSuffix("recommending G's pick"))
        #expect(fallen.solution.scores == warned.solution.scores)
    }

    @Test func aGameTheGeneratorFollowsHasNoWarning() throws {
        var options = RankingOptions()
        options.onDegenerate = .fallBackToG
        let r = try Self.result(incorrect: [log(0.1), log(0.3), log(0.6)], options: options)
        #expect(r.generatorDivergence > RankingOptions.defaultDegenerateDivergence)
        #expect(r.warnings.isEmpty)
        #expect(r.recommended == r.pick(.equilibriumDiscriminator))
    }

    @Test func theThresholdIsTheUsers() throws {
        var options = RankingOptions()
        options.degenerateDivergence = 1  // above ln 2: every game is degenerate
        let r = try Self.result(incorrect: [log(0.1), log(0.3), log(0.6)], options: options)
        #expect(r.warnings.count == 1)
        #expect(r.warnings[0].contains(String(format: "%.2g", r.generatorDivergence)))
    }

    @Test func theWireAnswerCarriesTheGuard() throws {
        let r = try Self.result(incorrect: [log(0.6) - 1, log(0.3) - 1, log(0.1) - 1])
        let data = try WireFormat.encoder(pretty: false).encode(RankResponse(r, model: ModelDescription(name: "m", engine: "e", architecture: "llama", location: "m.gguf", vocabularySize: 2, trainedContextLength: 8, contextLength: 8, fileHash: "")))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["generator_divergence"] as? Double == r.generatorDivergence)
        #expect(object["recommended"] as? Int == r.recommended)
        #expect((object["warnings"] as? [String])?.count == 1)
        let back = try WireFormat.decoder().decode(RankResponse.self, from: data)
        #expect(back.recommended == r.recommended && back.warnings == r.warnings)
    }

    @Test func requestsChooseTheFallBackByName() throws {
        let ok = try RankRequest(JSONParser.parse(#"{"question": "Q?", "candidates": ["a", "b"], "options": {"on_degenerate": "fall-back-to-g"}}"#))
        #expect(ok.options.onDegenerate == .fallBackToG)
        #expect(throws: GameInputError(field: "options.on_degenerate", reason: "is \"never\"; it must be warn or fall-back-to-g")) {
            try RankRequest(JSONParser.parse(#"{"question": "Q?", "candidates": ["a", "b"], "options": {"on_degenerate": "never"}}"#))
        }
    }
}
