/// The six ways of ranking the candidates compared in the paper (spec section 5).
public enum RankingMethod: String, CaseIterable, Sendable, Codable {
    /// G: log P_LM(y | x, correct).
    case generative = "G"
    /// MI: log P_LM(y | x, correct) + log P_LM(correct | x, y).
    case mutualInformation = "MI"
    /// SC: π_G¹(y | x, correct).
    case selfContrastive = "SC"
    /// D: π_D¹(correct | x, y).
    case discriminative = "D"
    /// ER-G: π_G*(y | x, correct).
    case equilibriumGenerator = "ER-G"
    /// ER-D: π_D*(correct | x, y).
    case equilibriumDiscriminator = "ER-D"
}
