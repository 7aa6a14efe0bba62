/// The seven ways of ranking the candidates: the six compared in the paper (spec section 5) and
/// MI*, the authors' ablation without the equilibrium search (spec section 8).
public enum RankingMethod: String, CaseIterable, Sendable, Codable {
    /// G: log P_LM(y | x, correct).
    case generative = "G"
    /// MI: log P_LM(y | x, correct) + log P_LM(correct | x, y).
    case mutualInformation = "MI"
    /// MI*: π_G¹(y | x, correct) · π_D¹(correct | x, y), the product of the two initial
    /// (by default cross-normalised) policies, with no equilibrium search.
    case initialPolicyProduct = "MI*"
    /// SC: π_G¹(y | x, correct).
    case selfContrastive = "SC"
    /// D: π_D¹(correct | x, y).
    case discriminative = "D"
    /// ER-G: π_G*(y | x, correct).
    case equilibriumGenerator = "ER-G"
    /// ER-D: π_D*(correct | x, y).
    case equilibriumDiscriminator = "ER-D"
}
