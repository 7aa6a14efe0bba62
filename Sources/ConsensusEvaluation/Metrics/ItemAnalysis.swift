import ConsensusGame

/// Where Equilibrium-Ranking pays, item by item: each method's metric bucketed by how sure G
/// was and by how different the generator's two prompts made the candidates look, and what the
/// game did where G and D disagreed.
public struct ItemAnalysis: Sendable, Hashable, Codable {
    /// Items whose value falls in `[lower, upper)` (no upper bound for the last bucket), and each
    /// method's mean metric over them, keyed by method (`G`, …, `ER-D`).
    public struct Bucket: Sendable, Hashable, Codable {
        public var lower: Double
        public var upper: Double?
        public var count: Int
        public var values: [String: Double]
    }

    /// What the game did where G and D disagreed (their picks before the game differ).
    public struct Disagreement: Sendable, Hashable, Codable {
        /// One equilibrium method's picks on those items: with G's pick, with D's, or neither,
        /// and how many of each were right.
        public struct Side: Sendable, Hashable, Codable {
            public var method: String
            public var withG: Int
            public var withGRight: Int
            public var withD: Int
            public var withDRight: Int
            public var neither: Int
            public var neitherRight: Int
        }
        /// Items.
        public var items: Int
        /// Items where G and D pick differently (before the game).
        public var before: Int
        /// Items where ER-G and ER-D pick differently (after it).
        public var after: Int
        /// Of the `before` items, where G was right and where D was.
        public var gRight: Int
        public var dRight: Int
        public var sides: [Side]
    }

    /// By G's margin: log P(best | correct) − log P(second | correct), in nats.
    public var confidence: [Bucket]
    /// By ``ConsensusProblem/generatorDivergence``.
    public var divergence: [Bucket]
    public var disagreement: Disagreement

    /// The lower bounds of the confidence buckets (nats).
    public static let confidenceBounds: [Double] = [0, 0.25, 0.5, 1, 2, 4]
    /// The lower bounds of the divergence buckets (nats; at most ln 2).
    public static let divergenceBounds: [Double] = [0, 0.001, 0.003, 0.01, 0.03, 0.1]

    /// The analysis of `outcomes` under `metric`.
    /// - Precondition: `outcomes` is not empty.
    public init(metric: TaskMetric, outcomes: [ItemOutcome]) {
        confidence = Self.buckets(Self.confidenceBounds, outcomes, metric) { $0.generatorMargin }
        divergence = Self.buckets(Self.divergenceBounds, outcomes, metric) { $0.problem.generatorDivergence }
        var d = Disagreement(items: outcomes.count, before: 0, after: 0, gRight: 0, dRight: 0, sides: [])
        var sides = [RankingMethod.equilibriumGenerator, .equilibriumDiscriminator].map {
            Disagreement.Side(method: $0.rawValue, withG: 0, withGRight: 0, withD: 0, withDRight: 0, neither: 0, neitherRight: 0)
        }
        for outcome in outcomes {
            let g = outcome.pick(.generative), dPick = outcome.pick(.discriminative)
            if outcome.pick(.equilibriumGenerator) != outcome.pick(.equilibriumDiscriminator) { d.after += 1 }
            guard g != dPick else { continue }
            d.before += 1
            let right = Set(outcome.item.answers)
            if right.contains(g) { d.gRight += 1 }
            if right.contains(dPick) { d.dRight += 1 }
            for (k, method) in [RankingMethod.equilibriumGenerator, .equilibriumDiscriminator].enumerated() {
                let pick = outcome.pick(method), isRight = right.contains(pick) ? 1 : 0
                if pick == g {
                    sides[k].withG += 1
                    sides[k].withGRight += isRight
                } else if pick == dPick {
                    sides[k].withD += 1
                    sides[k].withDRight += isRight
                } else {
                    sides[k].neither += 1
                    sides[k].neitherRight += isRight
                }
            }
        }
        d.sides = sides
        disagreement = d
    }

    private static func buckets(
        _ bounds: [Double], _ outcomes: [ItemOutcome], _ metric: TaskMetric, _ key: (ItemOutcome) -> Double
    ) -> [Bucket] {
        bounds.indices.compactMap { i in
            let lower = bounds[i], upper = i + 1 < bounds.count ? bounds[i + 1] : nil
            let members = outcomes.filter { let k = key($0); return k >= lower && (upper.map { k < $0 } ?? true) }
            guard !members.isEmpty else { return nil }
            let values = Dictionary(uniqueKeysWithValues: RankingMethod.allCases.map { m in
                (m.rawValue, members.reduce(0) { $0 + $1.value(metric, m) } / Double(members.count))
            })
            return Bucket(lower: lower, upper: upper, count: members.count, values: values)
        }
    }
}

extension ItemOutcome {
    /// G's margin: how much likelier (log P, nats) its best candidate is than its second under
    /// the generator's "correct" prompt; +∞ when only one candidate is possible.
    public var generatorMargin: Double {
        let sorted = problem.generator.correct.sorted(by: >)
        guard sorted.count >= 2, sorted[0] > -.infinity else { return 0 }
        return sorted[0] - sorted[1]
    }
}
