import ConsensusGame
public import ConsensusRanking
extension ItemOutcome {
    /// The outcome of ranking `item`'s choices.
    ///
    /// - Parameters:
    ///   - item: the benchmark item that `ranking` ranked.
    ///   - ranking: the ranking of `item.rankingQuestion`.
    ///   - generatorLogProbabilities: each candidate's summed token log-probability under the
    ///     "correct" generator prompt. `nil` recovers them from `ranking.problem` by undoing
    ///     `ranking.candidateScore` (multiplying by the length it divided by), which is exact up
    ///     to one rounding.
    /// - Throws: ``BenchmarkError`` when the ranking's candidates are not the item's choices.
    public init(item: BenchmarkItem, ranking: RankingResult, generatorLogProbabilities: [Double]? = nil) throws {
        guard ranking.question.candidates == item.choices else {
            throw BenchmarkError(field: "candidates", reason: "of the ranking are not the choices of item \"\(item.id)\"")
        }
        let sums = generatorLogProbabilities ?? zip(ranking.problem.generator.correct, item.choices).map { score, candidate in
            // The inverse of `CandidateScore.apply`.
            switch ranking.candidateScore {
            case .sum: score
            case .perCharacter: score * Double(max(candidate.count, 1))
            case .perByte: score * Double(max(candidate.utf8.count, 1))
            }
        }
        self.init(item: item, problem: ranking.problem, solution: ranking.solution, generatorLogProbabilities: sums)
    }
}
