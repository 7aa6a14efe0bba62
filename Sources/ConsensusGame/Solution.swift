/// Everything one piKL solve produces for one problem.
public struct Solution: Sendable, Codable, Hashable {
    /// The initial policies π¹ (spec section 3).
    public var initial: PolicyPair
    /// π⁽ᵀ⁺¹⁾, the policies after the last of the T updates.
    public var lastIterate: PolicyPair
    /// The mean of π⁽¹⁾ … π⁽ᵀ⁺¹⁾ (the initial policies and every update).
    public var averageIterate: PolicyPair
    /// The exploitability of ``lastIterate`` in the regularised game.
    public var exploitability: Double
    /// The exploitability of ``initial``.
    public var initialExploitability: Double
    /// The exploitability of ``averageIterate``.
    public var averageExploitability: Double
    /// The exploitability after iterations 0, k, 2k, … and T when
    /// ``SolverSettings/exploitabilityInterval`` is k; empty otherwise.
    public var trajectory: [ExploitabilityPoint]
    /// The six methods' scores; ER-G and ER-D read ``SolverSettings/equilibriumIterate``.
    public var scores: MethodScores
    /// The settings that produced this solution.
    public var settings: SolverSettings

    /// Creates a solution from its parts.
    public init(
        initial: PolicyPair, lastIterate: PolicyPair, averageIterate: PolicyPair,
        exploitability: Double, initialExploitability: Double, averageExploitability: Double,
        trajectory: [ExploitabilityPoint], scores: MethodScores, settings: SolverSettings
    ) {
        self.initial = initial
        self.lastIterate = lastIterate
        self.averageIterate = averageIterate
        self.exploitability = exploitability
        self.initialExploitability = initialExploitability
        self.averageExploitability = averageExploitability
        self.trajectory = trajectory
        self.scores = scores
        self.settings = settings
    }

    /// π*, the iterate that ER-G and ER-D rank by: ``lastIterate`` or ``averageIterate``
    /// according to ``SolverSettings/equilibriumIterate``.
    public var equilibrium: PolicyPair {
        settings.equilibriumIterate == .last ? lastIterate : averageIterate
    }
}
