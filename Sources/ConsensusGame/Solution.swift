/// Everything one solve produces for one problem.
///
/// T below is ``iterationsUsed``: ``SolverSettings/iterations``, or fewer when a
/// ``SolverSettings/targetExploitability`` was reached earlier.
public struct Solution: Sendable, Codable, Hashable {
    /// The initial policies π¹ (spec section 3).
    public var initial: PolicyPair
    /// π⁽ᵀ⁺¹⁾, the policies after the last of the T updates.
    public var lastIterate: PolicyPair
    /// The mean of π⁽¹⁾ … π⁽ᵀ⁺¹⁾ (the initial policies and every update; for the extragradient
    /// solver the iterates, not the extrapolated points).
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
    /// The settings that produced this solution, the solver among them (``solver``).
    public var settings: SolverSettings
    /// T, the number of updates done: ``SolverSettings/iterations``, or fewer when the target
    /// exploitability was reached first.
    public var iterationsUsed: Int
    /// Whether the solve reached ``SolverSettings/targetExploitability``: `true` when
    /// ``exploitability`` ≤ ε, `false` when the iteration cap came first (the solution is then
    /// the last iterate at the cap, and ``exploitability`` says how far it is); `nil` when no
    /// target was set.
    public var converged: Bool?

    /// Creates the solution of `problem` from the solver's policies: the method scores follow from
    /// `problem`, `initial` and the iterate ``equilibrium`` names, so that they cannot disagree with
    /// it. `iterationsUsed` defaults to `settings.iterations`.
    public init(
        problem: ConsensusProblem, initial: PolicyPair, lastIterate: PolicyPair, averageIterate: PolicyPair,
        exploitability: Double, initialExploitability: Double, averageExploitability: Double,
        trajectory: [ExploitabilityPoint], settings: SolverSettings, iterationsUsed: Int? = nil, converged: Bool? = nil
    ) {
        let equilibrium = Self.equilibrium(settings.equilibriumIterate, last: lastIterate, average: averageIterate)
        self.init(
            initial: initial, lastIterate: lastIterate, averageIterate: averageIterate, exploitability: exploitability,
            initialExploitability: initialExploitability, averageExploitability: averageExploitability, trajectory: trajectory,
            scores: MethodScores(problem: problem, initial: initial, equilibrium: equilibrium), settings: settings,
            iterationsUsed: iterationsUsed, converged: converged)
    }

    /// Creates a solution from its parts. `scores` should be those of ``equilibrium`` (the
    /// initializer with a `problem` computes them). `iterationsUsed` defaults to `settings.iterations`.
    public init(
        initial: PolicyPair, lastIterate: PolicyPair, averageIterate: PolicyPair,
        exploitability: Double, initialExploitability: Double, averageExploitability: Double,
        trajectory: [ExploitabilityPoint], scores: MethodScores, settings: SolverSettings,
        iterationsUsed: Int? = nil, converged: Bool? = nil
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
        self.iterationsUsed = iterationsUsed ?? settings.iterations
        self.converged = converged
    }

    /// The solver that produced this solution (from ``settings``).
    public var solver: SolverKind { settings.solver }

    /// π*, the iterate that ER-G and ER-D rank by: ``lastIterate`` or ``averageIterate``
    /// according to ``SolverSettings/equilibriumIterate``. Every reading of "the equilibrium"
    /// (ER-G's and ER-D's scores, a ranking's P(correct)) comes from here.
    public var equilibrium: PolicyPair {
        Self.equilibrium(settings.equilibriumIterate, last: lastIterate, average: averageIterate)
    }

    /// The one rule for which iterate is π*.
    private static func equilibrium(_ iterate: EquilibriumIterate, last: PolicyPair, average: PolicyPair) -> PolicyPair {
        switch iterate {
        case .last: last
        case .average: average
        }
    }

    private enum CodingKeys: String, CodingKey {
        case initial, lastIterate, averageIterate, exploitability, initialExploitability, averageExploitability
        case trajectory, scores, settings, iterationsUsed, converged
    }

    /// Decodes a solution; `iterationsUsed` and `converged`, added later, may be missing
    /// (then `settings.iterations` and `nil`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let settings = try c.decode(SolverSettings.self, forKey: .settings)
        self.init(
            initial: try c.decode(PolicyPair.self, forKey: .initial),
            lastIterate: try c.decode(PolicyPair.self, forKey: .lastIterate),
            averageIterate: try c.decode(PolicyPair.self, forKey: .averageIterate),
            exploitability: try c.decode(Double.self, forKey: .exploitability),
            initialExploitability: try c.decode(Double.self, forKey: .initialExploitability),
            averageExploitability: try c.decode(Double.self, forKey: .averageExploitability),
            trajectory: try c.decode([ExploitabilityPoint].self, forKey: .trajectory),
            scores: try c.decode(MethodScores.self, forKey: .scores),
            settings: settings,
            iterationsUsed: try c.decodeIfPresent(Int.self, forKey: .iterationsUsed),
            converged: try c.decodeIfPresent(Bool.self, forKey: .converged))
    }
}
