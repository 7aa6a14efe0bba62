/// Which piKL iterate is taken as the equilibrium π*.
public enum EquilibriumIterate: String, Sendable, Codable, CaseIterable {
    /// π⁽ᵀ⁺¹⁾, the policy after the last update (the spec's default).
    case last
    /// The mean of π⁽¹⁾ … π⁽ᵀ⁺¹⁾, the initial policy and every update.
    case average
}
