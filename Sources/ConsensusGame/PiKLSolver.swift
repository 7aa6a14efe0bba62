/// Equilibrium-Ranking's equilibrium search under its original name: the solver that the settings
/// name, piKL no-regret dynamics by default (spec section 4).
///
/// From π⁽¹⁾ = π¹, for t = 1 … T both players update at once:
///
///     Q_G⁽ᵗ⁾(y | v) = (1/2t) Σ_{τ ≤ t} π_D⁽τ⁾(v | y)      Q_D⁽ᵗ⁾(v | y) = (1/2t) Σ_{τ ≤ t} π_G⁽τ⁾(y | v)
///     π_G⁽ᵗ⁺¹⁾(y | v) ∝ exp{(Q_G⁽ᵗ⁾ + λ_G log π_G¹(y | v)) / (1/(η_G t) + λ_G)}   over y
///     π_D⁽ᵗ⁺¹⁾(v | y) ∝ exp{(Q_D⁽ᵗ⁾ + λ_D log π_D¹(v | y)) / (1/(η_D t) + λ_D)}   over v
///
/// The anchor is always the initial policy π¹. This type is ``EquilibriumSolver`` under the name
/// existing callers use: with ``SolverSettings/solver`` set to ``SolverKind/extragradient`` it
/// runs the extragradient solver, as the settings (and the ``Solution``) say.
///
/// Thread-safety: a value type without shared state; call it from any thread.
public struct PiKLSolver: Sendable {
    /// The solver every call forwards to.
    let solver: EquilibriumSolver

    /// The hyper-parameters.
    public var settings: SolverSettings { solver.settings }

    /// Creates a solver.
    ///
    /// - Precondition: `settings` is valid (``SolverSettings/validate()``); use
    ///   ``init(validating:)`` to get an error instead.
    public init(settings: SolverSettings = .default) {
        solver = EquilibriumSolver(settings: settings)
    }

    /// Creates a solver after checking `settings`.
    ///
    /// - Throws: ``GameInputError`` naming the invalid setting.
    public init(validating settings: SolverSettings) throws {
        solver = try EquilibriumSolver(validating: settings)
    }

    /// Solves one problem.
    public func solve(_ problem: ConsensusProblem) -> Solution {
        solver.solve(problem)
    }

    /// Solves many problems at once, on every core.
    ///
    /// - Returns: one solution per problem, in order; each equal to `solve(problem)`.
    public func solve(batch: [ConsensusProblem]) -> [Solution] {
        solver.solve(batch: batch)
    }

    /// Solves many problems at once on at most `threadCount` threads (`nil`: every core).
    ///
    /// - Returns: one solution per problem, in order; each equal to `solve(problem)`.
    public func solve(batch: [ConsensusProblem], threadCount: Int?) -> [Solution] {
        solver.solve(batch: batch, threadCount: threadCount)
    }
}
