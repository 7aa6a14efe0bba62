import ConsensusGame
import ConsensusScoring
import ConsensusTesting
import Testing

/// Properties every solve must have, on random problems.
@Suite("Invariants")
struct InvariantTests {
    static func problems(_ count: Int, candidates: [Int], seed: UInt64) -> [ConsensusProblem] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { i in .random(candidates: candidates[i % candidates.count], using: &random) }
    }

    static let settingsVariants: [SolverSettings] = [
        .default,
        SolverSettings(iterations: 300, normalization: .plain),
        SolverSettings(etaGenerator: 1, etaDiscriminator: 0.02, lambdaGenerator: 0.003, lambdaDiscriminator: 2, iterations: 700),
    ]

    @Test("every policy sums to 1", arguments: settingsVariants)
    func policiesSumToOne(settings: SolverSettings) {
        for problem in Self.problems(12, candidates: [2, 3, 4, 7, 32], seed: 11) {
            let solution = EquilibriumSolver(settings: settings).solve(problem)
            for pair in [solution.initial, solution.lastIterate, solution.averageIterate] {
                for v in Correctness.allCases {
                    #expect(abs(pair.generator[v].reduce(0, +) - 1) < 1e-13)
                    #expect(pair.generator[v].allSatisfy { $0 >= 0 && $0 <= 1 })
                }
                for y in 0..<problem.candidateCount {
                    #expect(abs(pair.discriminator.correct[y] + pair.discriminator.incorrect[y] - 1) < 1e-13)
                }
            }
        }
    }

    @Test("permuting the candidates permutes every output", arguments: settingsVariants)
    func permutationEquivariance(settings: SolverSettings) {
        #expect(RankingMethod.allCases.contains(.initialPolicyProduct), "MI* is among the methods checked")
        var random = SplitMix64(seed: 5)
        let solver = EquilibriumSolver(settings: settings)
        for problem in Self.problems(6, candidates: [3, 5, 8], seed: 21) {
            let permutation = Array(0..<problem.candidateCount).shuffled(using: &random)
            let original = solver.solve(problem)
            let moved = solver.solve(problem.permuted(permutation))
            #expect(maxDifference(moved.initial, permuted(original.initial, permutation)) < 1e-14)
            #expect(maxDifference(moved.lastIterate, permuted(original.lastIterate, permutation)) < 1e-12)
            #expect(maxDifference(moved.averageIterate, permuted(original.averageIterate, permutation)) < 1e-12)
            #expect(abs(moved.exploitability - original.exploitability) < 1e-12)
            for method in RankingMethod.allCases {
                #expect(maxDifference(moved.scores[method], permutation.map { original.scores[method][$0] }) < 1e-12)
                // Random scores have no ties, so the rankings correspond exactly.
                #expect(moved.scores.ranking(method).map { permutation[$0] } == original.scores.ranking(method), "\(method)")
            }
        }
    }

    @Test("identical candidates get exactly equal outputs and rank by index")
    func identicalCandidates() {
        var random = SplitMix64(seed: 8)
        let base = ConsensusProblem.random(candidates: 6, using: &random)
        // Candidates 1 and 5 are copies of candidate 4 (different SIMD blocks, different positions).
        let problem = base.permuted([0, 4, 2, 3, 4, 4])
        let solution = EquilibriumSolver().solve(problem)
        for pair in [solution.lastIterate, solution.averageIterate] {
            for v in Correctness.allCases {
                #expect(pair.generator[v][1] == pair.generator[v][4] && pair.generator[v][4] == pair.generator[v][5])
                #expect(pair.discriminator[v][1] == pair.discriminator[v][4] && pair.discriminator[v][4] == pair.discriminator[v][5])
            }
        }
        for method in RankingMethod.allCases {
            let ranking = solution.scores.ranking(method)
            let positions = [1, 4, 5].map { ranking.firstIndex(of: $0)! }
            #expect(positions == positions.sorted(), "\(method): \(ranking)")
            #expect(positions[2] - positions[0] == 2, "\(method): the copies are adjacent")
        }
    }

    @Test("a very large λ returns the initial policies")
    func largeLambda() {
        for problem in Self.problems(5, candidates: [2, 4, 9], seed: 31) {
            let settings = SolverSettings(lambdaGenerator: 1e9, lambdaDiscriminator: 1e9, iterations: 2000)
            let solution = EquilibriumSolver(settings: settings).solve(problem)
            #expect(maxDifference(solution.lastIterate, solution.initial) < 1e-8)
            #expect(maxDifference(solution.averageIterate, solution.initial) < 1e-8)
            #expect(solution.scores.ranking(.equilibriumGenerator) == solution.scores.ranking(.selfContrastive))
            #expect(solution.scores.ranking(.equilibriumDiscriminator) == solution.scores.ranking(.discriminative))
        }
    }

    @Test("exploitability is non-negative and falls towards 0 as T grows (λ = 1: a unique equilibrium)")
    func exploitabilityFalls() {
        // With λ ≥ 0.25 the regularised game is dominated by its strongly concave KL terms and
        // the piKL iterates approach its unique equilibrium steadily. (With the default λ = 0.1
        // the last iterate can drift between equilibria of this coordination game: see the
        // reference case "drifting last iterate" and the next test.)
        for problem in Self.problems(8, candidates: [2, 3, 4, 8], seed: 41) {
            let values = [10, 100, 1000, 10000].map { t in
                EquilibriumSolver(settings: SolverSettings(lambdaGenerator: 1, lambdaDiscriminator: 1, iterations: t))
                    .solve(problem).exploitability
            }
            #expect(values.allSatisfy { $0 >= 0 })
            #expect(zip(values, values.dropFirst()).allSatisfy { $0 > $1 }, "\(values)")
            #expect(values.last! < values.first! / 1000, "\(values)")
            #expect(values.last! < 1e-5, "\(values)")
        }
    }

    @Test("with the default λ, exploitability is non-negative and small at T = 5000 for most problems")
    func exploitabilityDefault() {
        let problems = Self.problems(24, candidates: [2, 3, 4, 8], seed: 43)
        let solver = EquilibriumSolver()
        let solutions = solver.solve(batch: problems)
        #expect(solutions.allSatisfy { $0.exploitability >= 0 && $0.initialExploitability >= 0 && $0.averageExploitability >= 0 })
        let improved = solutions.filter { $0.exploitability < $0.initialExploitability / 100 }
        #expect(improved.count >= 20, "\(solutions.map(\.exploitability))")
    }

    @Test("the trajectory samples every k iterations and ends at the reported value")
    func trajectory() {
        let problem = Self.problems(1, candidates: [5], seed: 51)[0]
        let solution = EquilibriumSolver(settings: SolverSettings(iterations: 1050, exploitabilityInterval: 100)).solve(problem)
        #expect(solution.trajectory.map(\.iteration) == [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1050])
        #expect(solution.trajectory.first?.exploitability == solution.initialExploitability)
        #expect(solution.trajectory.last?.exploitability == solution.exploitability)
        #expect(solution.trajectory.allSatisfy { $0.exploitability >= 0 })
        // Each point is the exploitability of that iterate: compare with a solve stopped there.
        let stopped = EquilibriumSolver(settings: SolverSettings(iterations: 300)).solve(problem)
        #expect(solution.trajectory[3].exploitability == stopped.exploitability)
        #expect(EquilibriumSolver(settings: SolverSettings(iterations: 1050)).solve(problem).trajectory.isEmpty)
    }

    @Test("a batch gives exactly the single-problem results, on any number of threads")
    func batchEqualsSingle() {
        // 45 problems: groups of 8, 4 and 2 lanes with padding, mixed candidate counts.
        let batch = Self.problems(45, candidates: [2, 3, 4, 4, 8, 13], seed: 61)
        let settings = SolverSettings(iterations: 400, exploitabilityInterval: 150)
        let solver = EquilibriumSolver(settings: settings)
        let singles = batch.map(solver.solve)
        #expect(solver.solve(batch: batch) == singles)
        #expect(solver.solve(batch: batch, threadCount: 1) == singles)
        #expect(solver.solve(batch: batch, threadCount: 3) == singles)
        #expect(solver.solve(batch: []) == [])
    }

    @Test("the ER scores read the iterate chosen in the settings")
    func equilibriumIterate() {
        let problem = Self.problems(1, candidates: [4], seed: 71)[0]
        let last = EquilibriumSolver(settings: SolverSettings(iterations: 50)).solve(problem)
        let average = EquilibriumSolver(settings: SolverSettings(iterations: 50, equilibriumIterate: .average)).solve(problem)
        #expect(last.scores.equilibriumGenerator == last.lastIterate.generator.correct)
        #expect(average.scores.equilibriumGenerator == average.averageIterate.generator.correct)
        #expect(average.scores.equilibriumDiscriminator == average.averageIterate.discriminator.correct)
        #expect(average.lastIterate == last.lastIterate)
        #expect(average.equilibrium == average.averageIterate)
    }
}
