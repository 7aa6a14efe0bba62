/// Which equilibrium solver searches the regularised consensus game.
///
/// Encodes as a stable lowercase string (`"pikl"`, `"extragradient"`), the spelling a command
/// line (`--solver pikl|extragradient`) or a JSON API can take as it is.
public enum SolverKind: String, Sendable, Codable, CaseIterable {
    /// piKL no-regret dynamics (spec section 4), the paper's solver and the default: learning
    /// rates ``SolverSettings/etaGenerator`` and ``SolverSettings/etaDiscriminator``.
    case piKL = "pikl"
    /// Mirror-descent extragradient in the entropic geometry with the KL term towards π¹ in the
    /// proximal step, whose last iterate converges (docs/solver-extragradient.md):
    /// step size ``SolverSettings/extragradientStepSize``.
    case extragradient = "extragradient"
}
