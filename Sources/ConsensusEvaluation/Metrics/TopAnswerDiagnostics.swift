import ConsensusGame

/// The paper authors' two diagnostics of where Equilibrium-Ranking can pay (spec section 8): how
/// often the generator and the discriminator disagree on the top answer, and how accurate the
/// answer is where the two initial policies agree on it.
///
/// A method's top answers are the candidates tied for its best score (one unless there is a
/// tie), so two methods agree when those sets are equal, and the accuracy on such an item is the
/// split credit of the shared set (as ``ItemOutcome/credit(_:)``).
public struct TopAnswerDiagnostics: Sendable, Hashable, Codable {
    /// A fraction over items, with the standard error of ``MetricEstimate`` (sample standard
    /// deviation over √n).
    public struct Estimate: Sendable, Hashable, Codable {
        /// The mean over the items, in [0, 1].
        public var value: Double
        /// nil when n < 2.
        public var standardError: Double?
        /// The number of items n.
        public var count: Int

        /// The mean of `values` and its standard error; nil when `values` is empty.
        init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            let estimate = MetricEstimate.mean(values)
            value = estimate.mean
            standardError = estimate.standardError
            count = values.count
        }
    }

    /// The share of items whose top answers under G (log P(y | x, correct)) and under D
    /// (π_D¹(correct | x, y)) differ; n is every item.
    public var generatorDiscriminatorDisagreement: Estimate
    /// The accuracy (split credit) on the items where SC and D, the initial policies π_G¹ and
    /// π_D¹, have the same top answers; n is the number of those items. nil when there is none.
    public var initialAgreementAccuracy: Estimate?

    /// The diagnostics of `outcomes`.
    /// - Precondition: `outcomes` is not empty.
    public init(outcomes: [ItemOutcome]) {
        generatorDiscriminatorDisagreement = Estimate(outcomes.map {
            $0.bestCandidates(.generative) == $0.bestCandidates(.discriminative) ? 0 : 1
        })!
        initialAgreementAccuracy = Estimate(outcomes.compactMap { outcome in
            outcome.bestCandidates(.selfContrastive) == outcome.bestCandidates(.discriminative)
                ? outcome.credit(.selfContrastive) : nil
        })
    }
}
