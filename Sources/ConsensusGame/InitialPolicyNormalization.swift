/// How the language model's scores become the initial policies π_G¹ and π_D¹ (spec section 3).
public enum InitialPolicyNormalization: String, Sendable, Codable, CaseIterable {
    /// The paper's default: each score is first divided by its sum over the *other* variable,
    /// π_G¹(y | v) ∝ P(y | v) / Σ_v' P(y | v') over y, and π_D¹(v | y) ∝ P(v | y) / Σ_y' P(v | y')
    /// over v.
    case crossNormalized
    /// The ablation: π_G¹(y | v) ∝ P(y | v) over y and π_D¹(v | y) ∝ P(v | y) over v.
    case plain
}
