/// The equilibrium search's hyper-parameters (spec section 4), the solver that runs it, and the
/// open choices around it.
///
/// Every field changes the numbers; write all of them into any results file. Decoding accepts
/// JSON written before ``solver``, ``extragradientStepSize`` and ``targetExploitability``
/// existed: missing keys take their defaults (piKL, 10, no target).
public struct SolverSettings: Sendable, Codable, Hashable {
    /// The solver. Default ``SolverKind/piKL``.
    public var solver: SolverKind
    /// η_G, the generator's learning rate. Default 0.1.
    public var etaGenerator: Double
    /// η_D, the discriminator's learning rate. Default 0.1.
    public var etaDiscriminator: Double
    /// λ_G, the weight of the generator's KL penalty towards π_G¹. Default 0.1.
    public var lambdaGenerator: Double
    /// λ_D, the weight of the discriminator's KL penalty towards π_D¹. Default 0.1.
    public var lambdaDiscriminator: Double
    /// T, the number of iterations; 0 returns the initial policies. Default 5000. With a
    /// ``targetExploitability`` it is the cap: the solver stops earlier once the target is reached.
    public var iterations: Int
    /// How the initial policies are built from the scores. Default ``InitialPolicyNormalization/crossNormalized``.
    public var normalization: InitialPolicyNormalization
    /// When set to k, ``Solution/trajectory`` holds the exploitability after iterations
    /// 0, k, 2k, … and T. `nil` (the default) records no trajectory.
    public var exploitabilityInterval: Int?
    /// Which iterate is π*, the policy that the ER-G and ER-D scores read. Default
    /// ``EquilibriumIterate/last`` (the spec's choice; the point is open).
    public var equilibriumIterate: EquilibriumIterate
    /// η, the step size of the extragradient solver (both players; piKL ignores it). Default
    /// ``defaultExtragradientStepSize`` (10); docs/solver-extragradient.md explains the choice.
    public var extragradientStepSize: Double
    /// ε: when set, the solver stops at the first check where the exploitability of its last
    /// iterate is at most ε, or after ``iterations`` iterations, whichever comes first (see
    /// ``Solution/converged`` and ``Solution/iterationsUsed``). Checks come after iteration 0, 10,
    /// 20, …, 160, then every t/16 iterations. `nil` (the default) runs all ``iterations``.
    public var targetExploitability: Double?

    /// The extragradient solver's default step size, η = 10: about three times below the step at
    /// which the iteration was seen to cycle on random games, and it reaches an exploitability
    /// of 1e-9 within a few hundred iterations for λ from 0.01 to 10 (docs/solver-extragradient.md).
    public static let defaultExtragradientStepSize = 10.0

    /// The range allowed for η and λ. Outside it the iteration's coefficients overflow or
    /// underflow (λ → 0 approaches the unregularised game; use a small positive λ for it).
    public static let parameterRange: ClosedRange<Double> = 1e-100...1e100

    /// Creates settings; every parameter defaults to the spec's value.
    public init(
        etaGenerator: Double = 0.1,
        etaDiscriminator: Double = 0.1,
        lambdaGenerator: Double = 0.1,
        lambdaDiscriminator: Double = 0.1,
        iterations: Int = 5000,
        normalization: InitialPolicyNormalization = .crossNormalized,
        exploitabilityInterval: Int? = nil,
        equilibriumIterate: EquilibriumIterate = .last,
        solver: SolverKind = .piKL,
        extragradientStepSize: Double = SolverSettings.defaultExtragradientStepSize,
        targetExploitability: Double? = nil
    ) {
        self.etaGenerator = etaGenerator
        self.etaDiscriminator = etaDiscriminator
        self.lambdaGenerator = lambdaGenerator
        self.lambdaDiscriminator = lambdaDiscriminator
        self.iterations = iterations
        self.normalization = normalization
        self.exploitabilityInterval = exploitabilityInterval
        self.equilibriumIterate = equilibriumIterate
        self.solver = solver
        self.extragradientStepSize = extragradientStepSize
        self.targetExploitability = targetExploitability
    }

    /// The spec's defaults: piKL with η_G = η_D = λ_G = λ_D = 0.1, T = 5000, cross-normalised
    /// initial policies, no trajectory, π* = the last iterate, no target exploitability.
    public static let `default` = SolverSettings()

    /// Checks that the solver can run with these settings.
    ///
    /// - Throws: ``GameInputError`` naming the field when an η or λ (or the extragradient step
    ///   size) is outside ``parameterRange`` (or NaN), `iterations` is negative,
    ///   `exploitabilityInterval` is below 1, or `targetExploitability` is negative, NaN or
    ///   infinite.
    public func validate() throws {
        let parameters = [
            ("etaGenerator", etaGenerator), ("etaDiscriminator", etaDiscriminator),
            ("lambdaGenerator", lambdaGenerator), ("lambdaDiscriminator", lambdaDiscriminator),
            ("extragradientStepSize", extragradientStepSize),
        ]
        for (name, value) in parameters where !Self.parameterRange.contains(value) {
            throw GameInputError(field: name, reason: "is \(value); it must lie between 1e-100 and 1e100")
        }
        if iterations < 0 {
            throw GameInputError(field: "iterations", reason: "is \(iterations); it must be 0 or more")
        }
        if let k = exploitabilityInterval, k < 1 {
            throw GameInputError(field: "exploitabilityInterval", reason: "is \(k); it must be 1 or more")
        }
        if let target = targetExploitability, !(target >= 0 && target.isFinite) {
            throw GameInputError(field: "targetExploitability", reason: "is \(target); it must be a finite number, 0 or more")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case solver, etaGenerator, etaDiscriminator, lambdaGenerator, lambdaDiscriminator, iterations
        case normalization, exploitabilityInterval, equilibriumIterate, extragradientStepSize, targetExploitability
    }

    /// Decodes settings; keys added after the first release (`solver`, `extragradientStepSize`,
    /// `targetExploitability`) may be missing and then take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            etaGenerator: try c.decode(Double.self, forKey: .etaGenerator),
            etaDiscriminator: try c.decode(Double.self, forKey: .etaDiscriminator),
            lambdaGenerator: try c.decode(Double.self, forKey: .lambdaGenerator),
            lambdaDiscriminator: try c.decode(Double.self, forKey: .lambdaDiscriminator),
            iterations: try c.decode(Int.self, forKey: .iterations),
            normalization: try c.decode(InitialPolicyNormalization.self, forKey: .normalization),
            exploitabilityInterval: try c.decodeIfPresent(Int.self, forKey: .exploitabilityInterval),
            equilibriumIterate: try c.decode(EquilibriumIterate.self, forKey: .equilibriumIterate),
            solver: try c.decodeIfPresent(SolverKind.self, forKey: .solver) ?? .piKL,
            extragradientStepSize: try c.decodeIfPresent(Double.self, forKey: .extragradientStepSize)
                ?? Self.defaultExtragradientStepSize,
            targetExploitability: try c.decodeIfPresent(Double.self, forKey: .targetExploitability))
    }
}
