import ConsensusGame
@testable import ConsensusEvaluation

/// Hand-made outcomes: every method's scores are given directly.
enum OutcomeFixtures {
    /// An outcome of an item with `choices` whose right answers are `answers`.
    ///
    /// - Parameters:
    ///   - g: G, log P(y | correct); MI is `g + logD`.
    ///   - logD: log P(correct | y).
    ///   - sc, d, erg, erd: SC, D, ER-G, ER-D (probabilities); default: uniform / 0.5.
    static func outcome(
        id: String, choices: [String]? = nil, answers: [Int], g: [Double], logD: [Double]? = nil,
        sc: [Double]? = nil, d: [Double]? = nil, erg: [Double]? = nil, erd: [Double]? = nil,
        exploitability: Double = 0.001, initialExploitability: Double = 0.1, trajectory: [ExploitabilityPoint] = [],
        generatorLogProbabilities: [Double]? = nil
    ) -> ItemOutcome {
        let n = g.count
        let choices = choices ?? (0..<n).map { "choice \($0)" }
        let logD = logD ?? [Double](repeating: -0.7, count: n)
        let uniform = [Double](repeating: 1 / Double(n), count: n)
        let half = [Double](repeating: 0.5, count: n)
        let sc = sc ?? uniform, d = d ?? half, erg = erg ?? uniform, erd = erd ?? half
        let problem = try! ConsensusProblem(
            generator: ByCorrectness(correct: g, incorrect: g.map { $0 - 1 }),
            discriminator: ByCorrectness(correct: logD, incorrect: [Double](repeating: -0.7, count: n)))
        func pair(_ gen: [Double], _ dis: [Double]) -> PolicyPair {
            PolicyPair(generator: ByCorrectness(correct: gen, incorrect: gen.reversed()), discriminator: ByCorrectness(correct: dis, incorrect: dis.map { 1 - $0 }))
        }
        let scores = MethodScores(
            generative: g, mutualInformation: zip(g, logD).map { $0 + $1 }, selfContrastive: sc,
            discriminative: d, equilibriumGenerator: erg, equilibriumDiscriminator: erd)
        let solution = Solution(
            initial: pair(sc, d), lastIterate: pair(erg, erd), averageIterate: pair(erg, erd),
            exploitability: exploitability, initialExploitability: initialExploitability, averageExploitability: exploitability,
            trajectory: trajectory, scores: scores, settings: SolverSettings())
        let item = BenchmarkItem(id: id, question: "Question \(id)?", choices: choices, answers: answers)
        return ItemOutcome(item: item, problem: problem, solution: solution, generatorLogProbabilities: generatorLogProbabilities)
    }
}
