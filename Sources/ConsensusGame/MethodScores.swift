/// Each ranking method's score for every candidate; higher is better.
///
/// Scales differ by method:
/// - G and MI are natural-log probabilities (the language model's raw scores), so they can be
///   `-infinity` for a candidate the model gives probability 0;
/// - MI*, SC, D, ER-G and ER-D are probabilities in [0, 1].
///
/// Rankings sort by score, highest first; **ties break by candidate order**: of two candidates
/// with equal scores, the one with the lower index ranks first. So a permutation of the
/// candidates permutes every score, and the rankings too, except among tied candidates.
public struct MethodScores: Sendable, Codable, Hashable {
    /// G: log P_LM(y | x, correct).
    public var generative: [Double]
    /// MI: log P_LM(y | x, correct) + log P_LM(correct | x, y).
    public var mutualInformation: [Double]
    /// MI*: π_G¹(y | x, correct) · π_D¹(correct | x, y), the paper's ablation without the
    /// equilibrium search. It is SC times D, candidate by candidate, so it is computed, never stored.
    public var initialPolicyProduct: [Double] { zip(selfContrastive, discriminative).map { $0 * $1 } }
    /// SC: π_G¹(y | x, correct).
    public var selfContrastive: [Double]
    /// D: π_D¹(correct | x, y).
    public var discriminative: [Double]
    /// ER-G: π_G*(y | x, correct).
    public var equilibriumGenerator: [Double]
    /// ER-D: π_D*(correct | x, y).
    public var equilibriumDiscriminator: [Double]

    /// Creates scores from one array per method (but MI*, which follows from SC and D), all of the
    /// same length.
    public init(
        generative: [Double], mutualInformation: [Double], selfContrastive: [Double],
        discriminative: [Double], equilibriumGenerator: [Double], equilibriumDiscriminator: [Double]
    ) {
        self.generative = generative
        self.mutualInformation = mutualInformation
        self.selfContrastive = selfContrastive
        self.discriminative = discriminative
        self.equilibriumGenerator = equilibriumGenerator
        self.equilibriumDiscriminator = equilibriumDiscriminator
    }

    /// The scores of `problem` given its initial policies and the equilibrium π*.
    ///
    /// - Parameters:
    ///   - problem: supplies G and MI (the raw scores).
    ///   - initial: π¹, for SC, D and MI*.
    ///   - equilibrium: π*, for ER-G and ER-D.
    public init(problem: ConsensusProblem, initial: PolicyPair, equilibrium: PolicyPair) {
        self.init(
            generative: problem.generator.correct,
            mutualInformation: zip(problem.generator.correct, problem.discriminator.correct).map { $0 + $1 },
            selfContrastive: initial.generator.correct,
            discriminative: initial.discriminator.correct,
            equilibriumGenerator: equilibrium.generator.correct,
            equilibriumDiscriminator: equilibrium.discriminator.correct)
    }

    /// The scores of method `m`, one per candidate; higher is better.
    public subscript(_ m: RankingMethod) -> [Double] {
        switch m {
        case .generative: generative
        case .mutualInformation: mutualInformation
        case .initialPolicyProduct: initialPolicyProduct
        case .selfContrastive: selfContrastive
        case .discriminative: discriminative
        case .equilibriumGenerator: equilibriumGenerator
        case .equilibriumDiscriminator: equilibriumDiscriminator
        }
    }

    private enum CodingKeys: String, CodingKey {
        case generative, mutualInformation, initialPolicyProduct, selfContrastive, discriminative
        case equilibriumGenerator, equilibriumDiscriminator
    }

    /// Decodes the scores; a key `initialPolicyProduct` is ignored (MI* follows from SC and D).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            generative: try c.decode([Double].self, forKey: .generative),
            mutualInformation: try c.decode([Double].self, forKey: .mutualInformation),
            selfContrastive: try c.decode([Double].self, forKey: .selfContrastive),
            discriminative: try c.decode([Double].self, forKey: .discriminative),
            equilibriumGenerator: try c.decode([Double].self, forKey: .equilibriumGenerator),
            equilibriumDiscriminator: try c.decode([Double].self, forKey: .equilibriumDiscriminator))
    }

    /// Encodes every method's scores, MI*'s (`initialPolicyProduct`) among them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(generative, forKey: .generative)
        try c.encode(mutualInformation, forKey: .mutualInformation)
        try c.encode(initialPolicyProduct, forKey: .initialPolicyProduct)
        try c.encode(selfContrastive, forKey: .selfContrastive)
        try c.encode(discriminative, forKey: .discriminative)
        try c.encode(equilibriumGenerator, forKey: .equilibriumGenerator)
        try c.encode(equilibriumDiscriminator, forKey: .equilibriumDiscriminator)
    }

    /// The candidates' indices ordered by method `m`'s score, best first; ties keep candidate
    /// order (lower index first).
    public func ranking(_ m: RankingMethod) -> [Int] {
        let scores = self[m]
        return scores.indices.sorted { a, b in Self.ranksBefore(scores, a, b) }
    }

    /// The index of method `m`'s best candidate (the lowest index among tied best scores).
    public func pick(_ m: RankingMethod) -> Int {
        let scores = self[m]
        var best = scores.startIndex
        for y in scores.indices where Self.ranksBefore(scores, y, best) { best = y }
        return best
    }

    /// Whether candidate `a` ranks before candidate `b`: a higher score, or an equal score and a
    /// lower index. A NaN score (impossible for solver output) ranks after every number.
    static func ranksBefore(_ scores: [Double], _ a: Int, _ b: Int) -> Bool {
        let sa = scores[a], sb = scores[b]
        if sa.isNaN || sb.isNaN {
            return sa.isNaN == sb.isNaN ? a < b : sb.isNaN
        }
        return sa != sb ? sa > sb : a < b
    }
}
