/// The candidates tied for the best score, and the credit a choice among them earns.
///
/// Scores tie when they are exactly equal. NaN ranks below every number, so the best
/// candidates are those with the highest non-NaN score (all candidates when every score is NaN).
enum BestCandidates {
    /// The indices of every candidate whose score equals the highest, in candidate order.
    static func of(_ scores: [Double]) -> [Int] {
        guard let best = scores.filter({ !$0.isNaN }).max() else { return Array(scores.indices) }
        return scores.indices.filter { scores[$0] == best }
    }

    /// Split credit: the share of the tied best candidates that are right answers, so 1/k when
    /// one right answer is among k tied best candidates, and 0 when none is.
    static func credit(_ scores: [Double], answers: [Int]) -> Double {
        let best = of(scores)
        return Double(best.filter(answers.contains).count) / Double(best.count)
    }
}
