public import ConsensusGame

/// A metric of one method on one task: the mean of per-item values with its standard error.
public struct MetricEstimate: Sendable, Hashable, Codable {
    /// The ranking method measured.
    public var method: RankingMethod
    /// The metric's name: `acc`, `mc2`, `acc_norm` or `acc_bytes`.
    public var metric: String
    /// The mean over items, in [0, 1].
    public var value: Double
    /// The standard error of the mean as lm-evaluation-harness computes it: the sample standard
    /// deviation (dividing by n − 1) over √n. `nil` when n < 2.
    public var standardError: Double?
    /// The number of items n.
    public var count: Int

    /// Creates an estimate from its parts.
    public init(method: RankingMethod, metric: String, value: Double, standardError: Double?, count: Int) {
        self.method = method
        self.metric = metric
        self.value = value
        self.standardError = standardError
        self.count = count
    }

    /// The mean of `values` and its standard error.
    /// - Precondition: `values` is not empty.
    public init(method: RankingMethod, metric: String, values: [Double]) {
        let (mean, standardError) = Self.mean(values)
        self.init(method: method, metric: metric, value: mean, standardError: standardError, count: values.count)
    }

    /// The mean of `values` and its standard error (nil when there is one value).
    /// - Precondition: `values` is not empty.
    static func mean(_ values: [Double]) -> (mean: Double, standardError: Double?) {
        precondition(!values.isEmpty, "a metric needs at least one item")
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        guard values.count > 1 else { return (mean, nil) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (mean, (variance / n).squareRoot())
    }
}
