public import ConsensusGame

/// How often two methods pick the same candidate (each method's pick: its best candidate, the
/// lowest index among tied best ones).
public struct PickAgreement: Sendable, Hashable, Codable {
    /// The earlier method in `RankingMethod.allCases`.
    public var first: RankingMethod
    /// The later method.
    public var second: RankingMethod
    /// The number of items where the two picks are the same candidate.
    public var agreeing: Int
    /// The number of items.
    public var count: Int

    /// Creates an agreement count.
    public init(first: RankingMethod, second: RankingMethod, agreeing: Int, count: Int) {
        self.first = first
        self.second = second
        self.agreeing = agreeing
        self.count = count
    }

    /// The fraction of items where the picks agree.
    public var fraction: Double { count == 0 ? 0 : Double(agreeing) / Double(count) }

    /// Every pair of distinct methods (15 pairs), counted over `outcomes`.
    public static func all(_ outcomes: [ItemOutcome]) -> [PickAgreement] {
        let methods = RankingMethod.allCases
        let picks = outcomes.map { outcome in methods.map { outcome.pick($0) } }
        var pairs: [PickAgreement] = []
        for i in methods.indices {
            for j in methods.indices where j > i {
                let agreeing = picks.count(where: { $0[i] == $0[j] })
                pairs.append(PickAgreement(first: methods[i], second: methods[j], agreeing: agreeing, count: outcomes.count))
            }
        }
        return pairs
    }
}
