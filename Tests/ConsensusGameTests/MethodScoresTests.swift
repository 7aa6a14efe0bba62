import ConsensusGame
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
        #expect(RankingMethod.allCases.map { s.pick($0) } == [0, 1, 0, 1, 0, 1])
        #expect(RankingMethod.allCases.map(\.rawValue) == ["G", "MI", "SC", "D", "ER-G", "ER-D"])
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
        #expect(s[.equilibriumGenerator] == [0.8, 0.2])
        #expect(s[.equilibriumDiscriminator] == [0.1, 0.6])
    }
}
