import ConsensusGame
import Foundation
import Testing

@Suite("Method scores and rankings")
struct MethodScoresTests {
    static func scores(_ values: [Double]) -> MethodScores {
        MethodScores(generative: values, mutualInformation: values.reversed(), selfContrastive: values,
                     discriminative: values, equilibriumGenerator: values, equilibriumDiscriminator: values)
    }

    @Test("rankings sort by score, highest first; ties break by candidate order")
    func ties() {
        let s = Self.scores([0.2, 0.5, 0.2, -.infinity, 0.5, 0.1])
        #expect(s.ranking(.generative) == [1, 4, 0, 2, 5, 3])
        #expect(s.pick(.generative) == 1)
        // Reversed: [0.1, 0.5, -inf, 0.2, 0.5, 0.2].
        #expect(s.ranking(.mutualInformation) == [1, 4, 3, 5, 0, 2])
        #expect(s.pick(.mutualInformation) == 1)
    }

    @Test("each method reads its own array")
    func subscripts() {
        let s = MethodScores(generative: [1, 0], mutualInformation: [0, 1], selfContrastive: [1, 0],
                             discriminative: [0, 1], equilibriumGenerator: [1, 0], equilibriumDiscriminator: [0, 1])
        // MI* = SC × D = [0, 0]: a tie, so its pick is the first candidate.
        #expect(s[.initialPolicyProduct] == [0, 0])
        #expect(RankingMethod.allCases.map { s.pick($0) } == [0, 1, 0, 0, 1, 0, 1])
        #expect(RankingMethod.allCases.map(\.rawValue) == ["G", "MI", "MI*", "SC", "D", "ER-G", "ER-D"])
    }

    @Test("NaN ranks after every number")
    func nan() {
        let s = Self.scores([.nan, 0.1, .nan, -.infinity])
        #expect(s.ranking(.generative) == [1, 3, 0, 2])
        #expect(s.pick(.generative) == 1)
    }

    @Test("scores from a problem: G and MI from the raw scores, the others from the policies")
    func fromProblem() throws {
        let problem = try ConsensusProblem(
            generator: ByCorrectness(correct: [-1, -2], incorrect: [-3, -4]),
            discriminator: ByCorrectness(correct: [-0.5, -0.25], incorrect: [-2, -3]))
        let initial = PolicyPair(generator: ByCorrectness(correct: [0.3, 0.7], incorrect: [0.6, 0.4]),
                                 discriminator: ByCorrectness(correct: [0.9, 0.2], incorrect: [0.1, 0.8]))
        let final = PolicyPair(generator: ByCorrectness(correct: [0.8, 0.2], incorrect: [0.5, 0.5]),
                               discriminator: ByCorrectness(correct: [0.1, 0.6], incorrect: [0.9, 0.4]))
        let s = MethodScores(problem: problem, initial: initial, equilibrium: final)
        #expect(s[.generative] == [-1, -2])
        #expect(s[.mutualInformation] == [-1.5, -2.25])
        #expect(s[.selfContrastive] == [0.3, 0.7])
        #expect(s[.discriminative] == [0.9, 0.2])
        #expect(s[.initialPolicyProduct] == [0.3 * 0.9, 0.7 * 0.2])
        #expect(s[.equilibriumGenerator] == [0.8, 0.2])
        #expect(s[.equilibriumDiscriminator] == [0.1, 0.6])
    }

    /// MI* by hand on three candidates where it picks what neither SC, D nor MI picks.
    ///
    /// Scores: P(y | correct) = (0.5, 0.3, 0.2), P(y | incorrect) = (0.1, 0.3, 0.6);
    ///         P(correct | y) = (0.2, 0.6, 0.95), P(incorrect | y) = (0.8, 0.4, 0.05).
    /// Cross-normalised (spec section 3):
    ///   π_G¹(y | c) ∝ (0.5/0.6, 0.3/0.6, 0.2/0.8) = (5/6, 1/2, 1/4), so (10/19, 6/19, 3/19);
    ///   P(c | y) / 1.75 = (4/35, 12/35, 19/35) and P(i | y) / 1.25 = (16/25, 8/25, 1/25), so
    ///   π_D¹(c | y) = (5/33, 15/29, 95/102).
    ///   MI* = π_G¹(y | c) · π_D¹(c | y) = (50/627, 90/551, 5/34) ≈ (0.0797, 0.1633, 0.1471).
    /// G and SC pick candidate 1, D and MI (log of 0.1, 0.18, 0.19) candidate 3, MI* candidate 2.
    /// Plain normalisation: π_G¹(· | c) = P(· | c) and π_D¹(c | y) = P(c | y), which here are
    /// already normalised, so MI* = exp(MI) = (0.1, 0.18, 0.19).
    @Test("MI*: the product of the initial policies, by hand", arguments: InitialPolicyNormalization.allCases)
    func initialPolicyProductByHand(normalization: InitialPolicyNormalization) throws {
        let problem = try ConsensusProblem(
            generator: ByCorrectness(correct: [0.5, 0.3, 0.2].map(logarithm), incorrect: [0.1, 0.3, 0.6].map(logarithm)),
            discriminator: ByCorrectness(correct: [0.2, 0.6, 0.95].map(logarithm), incorrect: [0.8, 0.4, 0.05].map(logarithm)))
        let s = EquilibriumSolver(settings: SolverSettings(iterations: 10, normalization: normalization)).solve(problem).scores
        let expected = normalization == .crossNormalized ? [50.0 / 627, 90.0 / 551, 5.0 / 34] : [0.1, 0.18, 0.19]
        #expect(maxDifference(s[.initialPolicyProduct], expected) < 1e-15)
        if normalization == .crossNormalized {
            #expect(maxDifference(s[.selfContrastive], [10.0 / 19, 6.0 / 19, 3.0 / 19]) < 1e-15)
            #expect(maxDifference(s[.discriminative], [5.0 / 33, 15.0 / 29, 95.0 / 102]) < 1e-15)
            #expect([RankingMethod.generative, .selfContrastive, .discriminative, .mutualInformation, .initialPolicyProduct].map(s.pick) == [0, 0, 2, 2, 1])
        } else {
            #expect(s.ranking(.initialPolicyProduct) == s.ranking(.mutualInformation))
        }
    }

    /// Encoded scores carry MI*; decoding reads the stored six and ignores it, so a record
    /// written before MI* existed decodes to the same scores.
    @Test("MI* is encoded, and decoding without it gives the same scores")
    func coding() throws {
        let s = MethodScores(generative: [-1, -2], mutualInformation: [-1.5, -2.5], selfContrastive: [0.25, 0.75],
                             discriminative: [0.5, 0.25], equilibriumGenerator: [0.4, 0.6], equilibriumDiscriminator: [0.3, 0.7])
        let data = try JSONEncoder().encode(s)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [Double]])
        #expect(object["initialPolicyProduct"] == [0.125, 0.1875])
        #expect(try JSONDecoder().decode(MethodScores.self, from: data) == s)
        var old = object
        old["initialPolicyProduct"] = nil
        #expect(try JSONDecoder().decode(MethodScores.self, from: JSONSerialization.data(withJSONObject: old)) == s)
    }
}
