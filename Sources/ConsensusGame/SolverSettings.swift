/// The piKL solver's hyper-parameters (spec section 4) and the open choices around it.
///
/// Every field changes the numbers; write all of them into any results file.
public struct SolverSettings: Sendable, Codable, Hashable {
    /// η_G, the generator's learning rate. Default 0.1.
    public var etaGenerator: Double
    /// η_D, the discriminator's learning rate. Default 0.1.
    public var etaDiscriminator: Double
    /// λ_G, the weight of the generator's KL penalty towards π_G¹. Default 0.1.
    public var lambdaGenerator: Double
    /// λ_D, the weight of the discriminator's KL penalty towards π_D¹. Default 0.1.
    public var lambdaDiscriminator: Double
    /// T, the number of piKL iterations; 0 returns the initial policies. Default 5000.
    public var iterations: Int
    /// How the initial policies are built from the scores. Default ``InitialPolicyNormalization/crossNormalized``.
    public var normalization: InitialPolicyNormalization
    /// When set to k, ``Solution/trajectory`` holds the exploitability after iterations
    /// 0, k, 2k, … and T. `nil` (the default) records no trajectory.
    public var exploitabilityInterval: Int?
    /// Which iterate is π*, the policy that the ER-G and ER-D scores read. Default
    /// ``EquilibriumIterate/last`` (the spec's choice; the point is open).
    public var equilibriumIterate: EquilibriumIterate

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
        equilibriumIterate: EquilibriumIterate = .last
    ) {
        self.etaGenerator = etaGenerator
        self.etaDiscriminator = etaDiscriminator
        self.lambdaGenerator = lambdaGenerator
        self.lambdaDiscriminator = lambdaDiscriminator
        self.iterations = iterations
        self.normalization = normalization
        self.exploitabilityInterval = exploitabilityInterval
        self.equilibriumIterate = equilibriumIterate
    }

    /// The spec's defaults: η_G = η_D = λ_G = λ_D = 0.1, T = 5000, cross-normalised initial
    /// policies, no trajectory, π* = the last iterate.
    public static let `default` = SolverSettings()

    /// Checks that the solver can run with these settings.
    ///
    /// - Throws: ``GameInputError`` naming the field when η or λ is outside
    ///   ``parameterRange`` (or NaN), `iterations` is negative, or `exploitabilityInterval` is
    ///   below 1.
    public func validate() throws {
        let parameters = [
            ("etaGenerator", etaGenerator), ("etaDiscriminator", etaDiscriminator),
            ("lambdaGenerator", lambdaGenerator), ("lambdaDiscriminator", lambdaDiscriminator),
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
    }
}
