public import ConsensusGame

/// What the evaluation found for one benchmark item: the item, the game's input and its
/// solution. One outcome is one line of `samples.jsonl` (inside a ``SampleRecord``).
public struct ItemOutcome: Sendable, Codable {
    /// The question, its choices (the candidates, in order) and the right answers.
    public var item: BenchmarkItem
    /// The language model's scores: the game's input.
    public var problem: ConsensusProblem
    /// The equilibrium search: policies, method scores, exploitability.
    public var solution: Solution
    /// Each candidate's summed token log-probability under the generator's "correct" prompt,
    /// before any length normalisation: what lm-evaluation-harness's `acc`, `acc_norm` and
    /// `acc_bytes` read. Equals `problem.generator.correct` when candidates are scored by the
    /// plain sum.
    public var generatorLogProbabilities: [Double]
    /// Open-ended tasks: each chain's final number, the reference and the greedy chain; `nil`
    /// for multiple choice.
    public var chains: ChainAnswers?
    /// TruthfulQA generation: the references, the candidates' multiplicities and their BLEU
    /// and ROUGE-L; `nil` otherwise.
    public var generated: GeneratedAnswers?

    /// Creates an outcome.
    /// - Parameters:
    ///   - generatorLogProbabilities: the unnormalised sums; `nil` takes
    ///     `problem.generator.correct` (right when candidates are scored by the plain sum).
    ///   - chains: for a math word problem, its chains' answers.
    ///   - generated: for a TruthfulQA generation item, its answers' comparisons.
    public init(
        item: BenchmarkItem, problem: ConsensusProblem, solution: Solution, generatorLogProbabilities: [Double]? = nil,
        chains: ChainAnswers? = nil, generated: GeneratedAnswers? = nil
    ) {
        self.item = item
        self.problem = problem
        self.solution = solution
        self.generatorLogProbabilities = generatorLogProbabilities ?? problem.generator.correct
        self.chains = chains
        self.generated = generated
    }

    /// Checks that the scores fit the item: one per choice for every method, the answers
    /// within range, and exactly one answer when `format` is ``AnswerFormat/single``.
    /// - Throws: ``BenchmarkError`` naming the item and the field.
    public func validate(format: AnswerFormat) throws {
        let n = item.choices.count
        func fail(_ field: String, _ reason: String) -> BenchmarkError {
            BenchmarkError(field: field, reason: "\(reason) (item \"\(item.id)\")")
        }
        let arrays: [(String, Int)] =
            [("problem.generator.correct", problem.generator.correct.count), ("generatorLogProbabilities", generatorLogProbabilities.count)]
            + RankingMethod.allCases.map { ("solution.scores.\($0.rawValue)", solution.scores[$0].count) }
        for (field, count) in arrays where count != n {
            throw fail(field, "has \(count) entries but the item has \(n) choices")
        }
        if let bad = item.answers.first(where: { !(0..<n).contains($0) }) {
            throw fail("item.answers", "holds \(bad) but there are \(n) choices (0-based)")
        }
        if item.answers.isEmpty && format != .number && format != .references { throw fail("item.answers", "is empty") }
        if let chains, chains.answers.count != n {
            throw fail("chains.answers", "has \(chains.answers.count) entries but the item has \(n) chains")
        }
        if let generated {
            for (field, count) in [("generated.multiplicity", generated.multiplicity.count), ("generated.bleu", generated.bleu.count),
                                   ("generated.rougeL", generated.rougeL.count)] where count != n {
                throw fail(field, "has \(count) entries but the item has \(n) candidates")
            }
        }
        if format == .single, item.answers.count != 1 {
            throw fail("item.answers", "has \(item.answers.count) answers; this task has one right answer per item")
        }
    }
}
