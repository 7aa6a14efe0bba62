/// How the language model's scores become the initial policies π_G¹ and π_D¹ (spec section 3).
///
/// Written as `"cross"` and `"plain"`; `"crossNormalized"` (the name results files used before)
/// and `"cross-normalized"` are read as `cross` too.
public enum InitialPolicyNormalization: String, Sendable, Codable, CaseIterable {
    /// The paper's default: each score is first divided by its sum over the *other* variable,
    /// π_G¹(y | v) ∝ P(y | v) / Σ_v' P(y | v') over y, and π_D¹(v | y) ∝ P(v | y) / Σ_y' P(v | y')
    /// over v.
    case crossNormalized = "cross"
    /// The ablation: π_G¹(y | v) ∝ P(y | v) over y and π_D¹(v | y) ∝ P(v | y) over v.
    case plain

    /// The normalisation called `name`: `cross` (also `crossNormalized`, `cross-normalized`,
    /// `cross_normalized`, any case) or `plain`; nil for anything else.
    public init?(name: String) {
        switch name.lowercased() {
        case "cross", "crossnormalized", "cross-normalized", "cross_normalized": self = .crossNormalized
        case "plain": self = .plain
        default: return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(name: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(name)\" is not cross or plain"))
        }
        self = value
    }
}
