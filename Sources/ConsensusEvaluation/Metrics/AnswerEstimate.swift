/// The accuracy of one ``AnswerMethod`` on an open-ended task: the mean credit over items and
/// its standard error (as ``MetricEstimate``).
public struct AnswerEstimate: Sendable, Hashable, Codable {
    public var method: AnswerMethod
    public var value: Double
    /// nil when n < 2.
    public var standardError: Double?
    public var count: Int

    /// The estimate of `m` over `outcomes`, which must all have chains.
    /// - Precondition: `outcomes` is not empty.
    public init(_ m: AnswerMethod, outcomes: [ItemOutcome]) {
        let (mean, standardError) = MetricEstimate.mean(outcomes.map { $0.answerCredit(m) })
        method = m
        value = mean
        self.standardError = standardError
        count = outcomes.count
    }
}
