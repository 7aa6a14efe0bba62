import ConsensusGame
import ConsensusScoring
import ConsensusTesting
import Testing

/// The extragradient solver: convergence of its last iterate, and the properties every solve must
/// have (the numbers themselves are checked against numpy in ExtragradientReferenceTests).
@Suite("Extragradient solver")
struct ExtragradientTests {
    static func settings(lambda: Double = 0.1, iterations: Int = 20000, target: Double? = nil,
                         stepSize: Double = SolverSettings.defaultExtragradientStepSize) -> SolverSettings {
        SolverSettings(lambdaGenerator: lambda, lambdaDiscriminator: lambda, iterations: iterations,
                       solver: .extragradient, extragradientStepSize: stepSize, targetExploitability: target)
    }

    @Test("reaches exploitability 1e-9 in fewer iterations than piKL needs for 1e-6", arguments: [4, 32])
    func fasterThanPiKL(candidates n: Int) {
        let problems = InvariantTests.problems(8, candidates: [n], seed: 1000 + UInt64(n))
        let extragradient = EquilibriumSolver(settings: Self.settings(target: 1e-9)).solve(batch: problems)
        // piKL with the same target rule, to 1e-6, capped at 20000 iterations: on these games it
        // never gets there (its iterations are then the cap, and `converged` is false; it needs
        // 300,000 and more where it does, docs/solver-performance.md).
        let piKL = EquilibriumSolver(settings: SolverSettings(iterations: 20000, targetExploitability: 1e-6)).solve(batch: problems)
        for (e, p) in zip(extragradient, piKL) {
            #expect(e.converged == true && e.exploitability <= 1e-9, "\(e.exploitability)")
            #expect(e.iterationsUsed <= 200, "\(e.iterationsUsed)")
            #expect(e.iterationsUsed < p.iterationsUsed, "extragradient \(e.iterationsUsed), piKL \(p.iterationsUsed)")
            // Measured: piKL ends these 20000 iterations at 2.6e-5 to 2.9e-3; extragradient needs 20 to 40.
            #expect(p.converged == false && p.iterationsUsed == 20000 && p.exploitability > 1e-6)
        }
    }

    @Test("the last iterate converges for λ from 0.01 to 10", arguments: [0.01, 0.1, 1, 10])
    func convergesForEveryLambda(lambda: Double) {
        let problems = InvariantTests.problems(16, candidates: [2, 3, 4, 8, 32], seed: 77)
        let solutions = EquilibriumSolver(settings: Self.settings(lambda: lambda, target: 1e-9)).solve(batch: problems)
        for s in solutions {
            #expect(s.converged == true && s.exploitability <= 1e-9, "λ = \(lambda): \(s.exploitability) after \(s.iterationsUsed)")
            #expect(s.iterationsUsed <= 1000)
        }
    }

    @Test("the potential rises at every iteration (η = 1 and 4; docs/solver-extragradient.md: the convergence argument)",
          arguments: [0.01, 0.1, 1], [1.0, 4.0])
    func potentialRises(lambda: Double, stepSize: Double) {
        // Φ = payoff − λ_G KL_G − λ_D KL_D, of which both players' utilities are the partial
        // gradients (a potential game). Each iterate is a separate solve stopped at t.
        for problem in InvariantTests.problems(6, candidates: [2, 3, 4, 8], seed: 45) {
            let settings = Self.settings(lambda: lambda, stepSize: stepSize)
            let game = RegularizedGame(problem: problem, settings: settings)
            let potentials = (0...40).map { t -> Double in
                var stopped = settings
                stopped.iterations = t
                let pair = EquilibriumSolver(settings: stopped).solve(problem).lastIterate
                return game.generatorUtility(pair) + game.discriminatorUtility(pair) - game.payoff(pair)
            }
            #expect(zip(potentials, potentials.dropFirst()).allSatisfy { $1 >= $0 - 1e-14 }, "\(potentials)")
            #expect(potentials.last! > potentials.first!)
        }
    }

    @Test("without a target, the last iterate's exploitability goes to 0 (default η, λ = 0.1)")
    func exploitabilityVanishes() {
        // Not monotonically: with η = 10 an early iterate can overshoot (0.04 → 0.59 → 0.01 → 8e-9
        // on one of these games at t = 0, 5, 10, 20).
        for problem in InvariantTests.problems(8, candidates: [2, 3, 4, 8], seed: 41) {
            let values = [0, 100, 200].map { t in
                EquilibriumSolver(settings: Self.settings(iterations: t)).solve(problem).exploitability
            }
            #expect(values[1] < 1e-9 && values[1] < values[0] * 1e-6, "\(values)")
            #expect(values[2] <= max(values[1], 1e-14), "\(values)")
        }
    }

    @Test("every policy sums to 1, and permuting the candidates permutes every output")
    func invariants() {
        var random = SplitMix64(seed: 5)
        let solver = EquilibriumSolver(settings: Self.settings(iterations: 300))
        for problem in InvariantTests.problems(6, candidates: [3, 5, 8], seed: 21) {
            let original = solver.solve(problem)
            for pair in [original.lastIterate, original.averageIterate] {
                for v in Correctness.allCases {
                    #expect(abs(pair.generator[v].reduce(0, +) - 1) < 1e-13)
                    #expect(pair.generator[v].allSatisfy { $0 >= 0 && $0 <= 1 })
                }
                for y in 0..<problem.candidateCount {
                    #expect(abs(pair.discriminator.correct[y] + pair.discriminator.incorrect[y] - 1) < 1e-13)
                }
            }
            let permutation = Array(0..<problem.candidateCount).shuffled(using: &random)
            let moved = solver.solve(problem.permuted(permutation))
            #expect(maxDifference(moved.lastIterate, permuted(original.lastIterate, permutation)) < 1e-12)
            #expect(maxDifference(moved.averageIterate, permuted(original.averageIterate, permutation)) < 1e-12)
            #expect(abs(moved.exploitability - original.exploitability) < 1e-12)
        }
    }

    @Test("identical candidates get exactly equal outputs")
    func identicalCandidates() {
        var random = SplitMix64(seed: 8)
        let problem = ConsensusProblem.random(candidates: 6, using: &random).permuted([0, 4, 2, 3, 4, 4])
        let solution = EquilibriumSolver(settings: Self.settings(iterations: 100)).solve(problem)
        for pair in [solution.lastIterate, solution.averageIterate] {
            for v in Correctness.allCases {
                #expect(pair.generator[v][1] == pair.generator[v][4] && pair.generator[v][4] == pair.generator[v][5])
                #expect(pair.discriminator[v][1] == pair.discriminator[v][4] && pair.discriminator[v][4] == pair.discriminator[v][5])
            }
        }
    }

    @Test("a very large λ returns the initial policies")
    func largeLambda() {
        for problem in InvariantTests.problems(5, candidates: [2, 4, 9], seed: 31) {
            let settings = SolverSettings(lambdaGenerator: 1e9, lambdaDiscriminator: 1e9, iterations: 50, solver: .extragradient)
            let solution = EquilibriumSolver(settings: settings).solve(problem)
            #expect(maxDifference(solution.lastIterate, solution.initial) < 1e-8)
        }
    }

    /// λ = 0.1, 0.01 (the generator's shift is a bound 50 above its largest exponent) and 0.001
    /// (the shift is the maximum).
    @Test("-inf scores: impossible candidates keep probability 0 exactly", arguments: [0.1, 0.01, 0.001])
    func impossibleCandidates(lambda: Double) throws {
        let problem = try ConsensusProblem(
            generator: ByCorrectness(correct: [-3, -.infinity, -7, -.infinity, -2], incorrect: [-5, -.infinity, -2, -4, -6]),
            discriminator: ByCorrectness(correct: [-0.2, -0.3, -.infinity, -0.9, -1], incorrect: [-2, -1.1, -0.4, -.infinity, -0.5]))
        var settings = Self.settings(lambda: lambda, iterations: 2000)
        settings.exploitabilityInterval = 500
        let s = EquilibriumSolver(settings: settings).solve(problem)
        ExtremeInputTests.expectWellFormed(s)
        for pair in [s.initial, s.lastIterate, s.averageIterate] {
            #expect(pair.generator.correct[1] == 0 && pair.generator.incorrect[1] == 0)
            #expect(pair.generator.correct[3] == 0 && pair.generator.incorrect[3] > 0)
            #expect(pair.discriminator.correct[2] == 0 && pair.discriminator.incorrect[2] == 1)
            #expect(pair.discriminator.incorrect[3] == 0 && pair.discriminator.correct[3] == 1)
        }
        #expect(Array(s.scores.ranking(.equilibriumGenerator).suffix(2)) == [1, 3])
        #expect(s.exploitability < s.initialExploitability)
    }

    @Test("-1e30 scores give finite outputs", arguments: [0.1, 0.01, 0.001])
    func hugeNegative(lambda: Double) throws {
        let problem = try ConsensusProblem(
            generator: ByCorrectness(correct: [-3, -1e30, -7, -1e30], incorrect: [-5, -1e30, -2, -4]),
            discriminator: ByCorrectness(correct: [-0.2, -1e30, -1.5, -0.9], incorrect: [-1e30, -0.1, -0.4, -1e30]))
        var settings = Self.settings(lambda: lambda, iterations: 1000)
        settings.exploitabilityInterval = 250
        let s = EquilibriumSolver(settings: settings).solve(problem)
        ExtremeInputTests.expectWellFormed(s)
        #expect(s.initial.generator.correct[3] == 0 && s.lastIterate.generator.correct[3] == 0)
    }

    @Test("a candidate that alone is possible gets probability 1, not more")
    func singlePossibleCandidate() throws {
        let problem = try ConsensusProblem(
            generator: ByCorrectness(correct: [-1, -.infinity, -3], incorrect: [-2, -.infinity, -.infinity]),
            discriminator: ByCorrectness(correct: [-0.1, -0.2, -0.3], incorrect: [-2, -.infinity, -1]))
        for t in [1, 10, 500] {
            let s = EquilibriumSolver(settings: Self.settings(iterations: t)).solve(problem)
            ExtremeInputTests.expectWellFormed(s)
            #expect(s.lastIterate.generator.incorrect[0] <= 1 && s.lastIterate.generator.incorrect[0] > 1 - 1e-15)
            #expect(s.lastIterate.generator.incorrect[1] == 0 && s.lastIterate.generator.incorrect[2] == 0)
        }
    }

    @Test("extreme η and λ give finite outputs",
          arguments: [1e-100, 1e-6, 1.0, 1e100], [1e-100, 1e-6, 1.0, 1e100])
    func extremeParameters(eta: Double, lambda: Double) {
        var random = SplitMix64(seed: 9)
        let problem = ConsensusProblem.random(candidates: 4, using: &random)
        var settings = Self.settings(lambda: lambda, iterations: 300, stepSize: eta)
        settings.exploitabilityInterval = 100
        ExtremeInputTests.expectWellFormed(EquilibriumSolver(settings: settings).solve(problem))
    }

    @Test("500 candidates, batched and alone")
    func manyCandidates() {
        var random = SplitMix64(seed: 500)
        let problems = (0..<3).map { _ in ConsensusProblem.random(candidates: 500, using: &random) }
        let solver = EquilibriumSolver(settings: Self.settings(iterations: 200))
        for (problem, s) in zip(problems, solver.solve(batch: problems)) {
            ExtremeInputTests.expectWellFormed(s)
            #expect(s == solver.solve(problem))
            #expect(s.exploitability < 1e-6)
        }
    }

    @Test("EquilibriumSolver runs the solver that its settings name")
    func facade() {
        let problem = InvariantTests.problems(1, candidates: [5], seed: 3)[0]
        let settings = Self.settings(iterations: 100)
        let extragradient = EquilibriumSolver(settings: settings).solve(problem)
        #expect(extragradient == EquilibriumSolver(settings: settings).solve(problem))
        #expect(extragradient.solver == .extragradient)
        #expect(extragradient != EquilibriumSolver(settings: SolverSettings(iterations: 100)).solve(problem))
        #expect(EquilibriumSolver().solve(problem) == EquilibriumSolver().solve(problem))
        #expect(EquilibriumSolver().solve(problem).solver == .piKL)
    }
}
