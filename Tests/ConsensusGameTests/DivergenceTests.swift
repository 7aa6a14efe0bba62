import Foundation
import Testing

@testable import ConsensusGame

/// ``ConsensusProblem/generatorDivergence``: the Jensen–Shannon divergence between the
/// generator's two prompts, against values worked by hand.
@Suite("Generator divergence")
struct DivergenceTests {
    static func problem(correct: [Double], incorrect: [Double]) throws -> ConsensusProblem {
        let d = [Double](repeating: log(0.5), count: correct.count)
        return try ConsensusProblem(
            generator: ByCorrectness(correct: correct, incorrect: incorrect), discriminator: ByCorrectness(correct: d, incorrect: d))
    }

    @Test func theSameShapeIsZeroWhateverTheScale() throws {
        // Only the shape over the candidates counts: a constant shift is normalised away.
        let p = try Self.problem(correct: [-1, -2, -5], incorrect: [-11, -12, -15])
        #expect(p.generatorDivergence < 1e-15)
    }

    @Test func disjointSupportsGiveLogTwo() throws {
        let p = try Self.problem(correct: [0, -.infinity], incorrect: [-.infinity, 0])
        #expect(abs(p.generatorDivergence - log(2)) < 1e-12)
    }

    @Test func aWorkedCase() throws {
        // P = (0.8, 0.2), Q = (0.2, 0.8), M = (0.5, 0.5): JSD = 0.8 ln 1.6 + 0.2 ln 0.4.
        let p = try Self.problem(correct: [log(0.8), log(0.2)], incorrect: [log(0.2), log(0.8)])
        let expected = 0.8 * log(1.6) + 0.2 * log(0.4)
        #expect(abs(p.generatorDivergence - expected) < 1e-12)
        // Symmetric in the two prompts.
        let q = try Self.problem(correct: [log(0.2), log(0.8)], incorrect: [log(0.8), log(0.2)])
        #expect(abs(q.generatorDivergence - expected) < 1e-12)
    }
}
