import ConsensusGame
import ConsensusScoring
import ConsensusTesting
import Testing

/// Inputs at the edges: -1e30 and -inf scores, ties, many candidates, extreme η and λ.
@Suite("Extreme inputs")
struct ExtremeInputTests {
    /// Every probability of every output is finite and in [0, 1], every policy sums to 1, and
    /// the exploitabilities are finite and non-negative.
    static func expectWellFormed(_ s: Solution, sourceLocation: SourceLocation = #_sourceLocation) {
        for pair in [s.initial, s.lastIterate, s.averageIterate] {
            for v in Correctness.allCases {
                #expect(pair.generator[v].allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, sourceLocation: sourceLocation)
                #expect(pair.discriminator[v].allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, sourceLocation: sourceLocation)
                #expect(abs(pair.generator[v].reduce(0, +) - 1) < 1e-12, sourceLocation: sourceLocation)
            }
        }
        let exploitabilities = [s.exploitability, s.initialExploitability, s.averageExploitability] + s.trajectory.map(\.exploitability)
        let allFinite = exploitabilities.allSatisfy { $0.isFinite && $0 >= 0 }
        #expect(allFinite, "\(exploitabilities)", sourceLocation: sourceLocation)
        for m in [RankingMethod.initialPolicyProduct, .selfContrastive, .discriminative, .equilibriumGenerator, .equilibriumDiscriminator] {
            #expect(s.scores[m].allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, sourceLocation: sourceLocation)
        }
        for m in RankingMethod.allCases {
            #expect(s.scores[m].allSatisfy { !$0.isNaN }, sourceLocation: sourceLocation)
            #expect(s.scores.ranking(m).sorted() == Array(0..<s.initial.candidateCount), sourceLocation: sourceLocation)
        }
    }

    /// λ = 0.1 (the default), 0.008 (the generator's shift is an upper bound up to 50 above the
    /// largest exponent) and 0.001 (the shift is the maximum).
    static let lambdas = [0.1, 0.008, 0.001]

    @Test("-1e30 scores give finite outputs", arguments: lambdas)
    func hugeNegative(lambda: Double) throws {
        let problem = try ConsensusProblem(
            generator: ByCorrectness(correct: [-3, -1e30, -7, -1e30], incorrect: [-5, -1e30, -2, -4]),
            discriminator: ByCorrectness(correct: [-0.2, -1e30, -1.5, -0.9], incorrect: [-1e30, -0.1, -0.4, -1e30]))
        let s = EquilibriumSolver(settings: SolverSettings(lambdaGenerator: lambda, lambdaDiscriminator: lambda, exploitabilityInterval: 1000)).solve(problem)
        Self.expectWellFormed(s)
        // Candidate 1 is equally (im)probable under both generator prompts: cross-normalised,
        // it weighs like any candidate with equal scores, not like a probability of e^-1e30.
        #expect(s.initial.generator.correct[1] > 0.1)
        // Candidate 3 is e^-1e30 when asked for a correct answer but not for an incorrect one.
        #expect(s.initial.generator.correct[3] == 0 && s.lastIterate.generator.correct[3] == 0)
        #expect(s.scores[.generative][1] == -1e30)
    }

    @Test("-inf scores: impossible candidates keep probability 0 exactly", arguments: lambdas)
    func impossibleCandidates(lambda: Double) throws {
        let problem = try ConsensusProblem(
            generator: ByCorrectness(correct: [-3, -.infinity, -7, -.infinity, -2], incorrect: [-5, -.infinity, -2, -4, -6]),
            discriminator: ByCorrectness(correct: [-0.2, -0.3, -.infinity, -0.9, -1], incorrect: [-2, -1.1, -0.4, -.infinity, -0.5]))
        let settings = SolverSettings(lambdaGenerator: lambda, lambdaDiscriminator: lambda, exploitabilityInterval: 500)
        let s = EquilibriumSolver(settings: settings).solve(problem)
        Self.expectWellFormed(s)
        for pair in [s.initial, s.lastIterate, s.averageIterate] {
            // Candidate 1: probability 0 under both generator prompts (0/0 counts as 0).
            #expect(pair.generator.correct[1] == 0 && pair.generator.incorrect[1] == 0)
            // Candidate 3: probability 0 when asked for a correct answer only.
            #expect(pair.generator.correct[3] == 0 && pair.generator.incorrect[3] > 0)
            // The discriminator never calls candidate 2 correct, nor candidate 3 incorrect.
            #expect(pair.discriminator.correct[2] == 0 && pair.discriminator.incorrect[2] == 1)
            #expect(pair.discriminator.incorrect[3] == 0 && pair.discriminator.correct[3] == 1)
        }
        let g = s.scores[.generative], mi = s.scores[.mutualInformation]
        #expect(g[1] == -.infinity)
        #expect(mi[3] == -.infinity)
        #expect(mi[2] == -.infinity)
        // Impossible candidates rank last, in candidate order among themselves.
        #expect(Array(s.scores.ranking(.generative).suffix(2)) == [1, 3])
        #expect(Array(s.scores.ranking(.equilibriumGenerator).suffix(2)) == [1, 3])
    }

    @Test("a candidate that alone is possible gets probability 1, not more")
    func singlePossibleCandidate() throws {
        let problem = try ConsensusProblem(
            generator: ByCorrectness(correct: [-1, -.infinity, -3], incorrect: [-2, -.infinity, -.infinity]),
            discriminator: ByCorrectness(correct: [-0.1, -0.2, -0.3], incorrect: [-2, -.infinity, -1]))
        for t in [1, 10, 5000] {
            let s = EquilibriumSolver(settings: SolverSettings(iterations: t)).solve(problem)
            Self.expectWellFormed(s)
            for pair in [s.initial, s.lastIterate, s.averageIterate] {
                #expect(pair.generator.incorrect[0] <= 1 && pair.generator.incorrect[0] > 1 - 1e-15)
                #expect(pair.generator.incorrect[1] == 0 && pair.generator.incorrect[2] == 0)
                #expect(pair.discriminator.correct[1] == 1)
            }
        }
    }

    @Test("a generator row of -inf becomes uniform; so does a discriminator with no information")
    func degenerateRows() throws {
        let problem = try ConsensusProblem(
            generator: ByCorrectness(correct: [-.infinity, -.infinity, -.infinity], incorrect: [-1, -2, -3]),
            discriminator: ByCorrectness(correct: [-.infinity, -.infinity, -.infinity], incorrect: [-.infinity, -.infinity, -.infinity]))
        let s = EquilibriumSolver().solve(problem)
        Self.expectWellFormed(s)
        let uniform: [Double] = Array(repeating: 1.0 / 3, count: 3), half: [Double] = [0.5, 0.5, 0.5]
        #expect(s.initial.generator.correct == uniform)
        #expect(s.initial.discriminator.correct == half)
        let plain = EquilibriumSolver(settings: SolverSettings(normalization: .plain)).solve(problem)
        Self.expectWellFormed(plain)
        #expect(plain.initial.generator.correct == uniform)
    }

    @Test("all scores equal: uniform policies, every method tied, rankings in candidate order",
          arguments: InitialPolicyNormalization.allCases)
    func allEqual(normalization: InitialPolicyNormalization) throws {
        let n = 6
        let problem = try ConsensusProblem(
            generator: ByCorrectness(correct: Array(repeating: -4, count: n), incorrect: Array(repeating: -4, count: n)),
            discriminator: ByCorrectness(correct: Array(repeating: -0.3, count: n), incorrect: Array(repeating: -1.2, count: n)))
        let s = EquilibriumSolver(settings: SolverSettings(normalization: normalization)).solve(problem)
        Self.expectWellFormed(s)
        for m in RankingMethod.allCases {
            #expect(Set(s.scores[m]).count == 1, "\(m)")
            #expect(s.scores.ranking(m) == Array(0..<n), "\(m)")
            #expect(s.scores.pick(m) == 0)
        }
        #expect(maxDifference(s.lastIterate.generator.correct, Array(repeating: 1.0 / 6, count: n)) < 1e-15)
    }

    @Test("500 candidates")
    func manyCandidates() {
        var random = SplitMix64(seed: 500)
        let problems = (0..<3).map { _ in ConsensusProblem.random(candidates: 500, using: &random) }
        let solver = EquilibriumSolver(settings: SolverSettings(iterations: 1000))
        let batch = solver.solve(batch: problems)
        for (problem, s) in zip(problems, batch) {
            Self.expectWellFormed(s)
            #expect(s == solver.solve(problem))
            #expect(s.exploitability < s.initialExploitability)
        }
    }

    @Test("extreme η and λ give finite outputs",
          arguments: [1e-100, 1e-6, 1.0, 1e100], [1e-100, 1e-6, 1.0, 1e100])
    func extremeParameters(eta: Double, lambda: Double) {
        var random = SplitMix64(seed: 9)
        let problem = ConsensusProblem.random(candidates: 4, using: &random)
        let settings = SolverSettings(etaGenerator: eta, etaDiscriminator: eta, lambdaGenerator: lambda,
                                      lambdaDiscriminator: lambda, iterations: 300, exploitabilityInterval: 100)
        Self.expectWellFormed(EquilibriumSolver(settings: settings).solve(problem))
    }

    @Test("large finite scores")
    func largeScores() throws {
        let problem = try ConsensusProblem(
            generator: ByCorrectness(correct: [1e300, -1e300, 0], incorrect: [0, 1e300, -1e300]),
            discriminator: ByCorrectness(correct: [1e300, 0, -1e300], incorrect: [-1e300, 1e300, 0]))
        Self.expectWellFormed(EquilibriumSolver().solve(problem))
    }
}
