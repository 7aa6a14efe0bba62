/// Equilibrium-Ranking's equilibrium search under its original name, before the extragradient
/// solver came: ``EquilibriumSolver``, the same type.
@available(*, deprecated, renamed: "EquilibriumSolver")
public typealias PiKLSolver = EquilibriumSolver
