/// The KL-regularised consensus game of one problem (spec section 2): utilities, closed-form
/// best responses and exploitability (spec section 9).
///
/// Thread-safety: a value type; share it freely.
public struct RegularizedGame: Sendable, Hashable {
    /// log π_G¹(y | v) and log π_D¹(v | y), the anchors of the KL penalties.
    let logInitial: LogPolicyPair
    /// λ_G, the generator's penalty weight.
    public var lambdaGenerator: Double
    /// λ_D, the discriminator's penalty weight.
    public var lambdaDiscriminator: Double

    /// The game that ``EquilibriumSolver`` solves for `problem` with `settings` (its normalisation and λs).
    public init(problem: ConsensusProblem, settings: SolverSettings = .default) {
        self.init(logInitial: problem.initialLogPolicies(settings.normalization),
                  lambdaGenerator: settings.lambdaGenerator, lambdaDiscriminator: settings.lambdaDiscriminator)
    }

    /// A game anchored at the initial policies `initial` (probabilities).
    public init(initial: PolicyPair, lambdaGenerator: Double, lambdaDiscriminator: Double) {
        self.init(
            logInitial: LogPolicyPair(
                generator: initial.generator.map { $0.map(LogSpace.log) },
                discriminator: initial.discriminator.map { $0.map(LogSpace.log) }),
            lambdaGenerator: lambdaGenerator, lambdaDiscriminator: lambdaDiscriminator)
    }

    init(logInitial: LogPolicyPair, lambdaGenerator: Double, lambdaDiscriminator: Double) {
        self.logInitial = logInitial
        self.lambdaGenerator = lambdaGenerator
        self.lambdaDiscriminator = lambdaDiscriminator
    }

    /// The initial policies π_G¹ and π_D¹ (probabilities).
    public var initial: PolicyPair { logInitial.probabilities }

    /// The number of candidates.
    public var candidateCount: Int { logInitial.generator.correct.count }

    /// The unregularised payoff Σ_v ½ Σ_y π_G(y | v) π_D(v | y), the probability that the
    /// discriminator guesses v.
    public func payoff(_ pair: PolicyPair) -> Double {
        var total = 0.0
        for v in Correctness.allCases {
            for y in 0..<candidateCount { total += 0.5 * pair.generator[v][y] * pair.discriminator[v][y] }
        }
        return total
    }

    /// u_G: the payoff minus λ_G Σ_v KL[π_G(· | v) ‖ π_G¹(· | v)].
    public func generatorUtility(_ pair: PolicyPair) -> Double {
        var kl = 0.0
        for v in Correctness.allCases {
            kl += Self.kl(pair.generator[v], logReference: logInitial.generator[v])
        }
        return payoff(pair) - lambdaGenerator * kl
    }

    /// u_D: the payoff minus λ_D Σ_y KL[π_D(· | y) ‖ π_D¹(· | y)].
    public func discriminatorUtility(_ pair: PolicyPair) -> Double {
        var kl = 0.0
        for y in 0..<candidateCount {
            kl += Self.kl([pair.discriminator.correct[y], pair.discriminator.incorrect[y]],
                          logReference: [logInitial.discriminator.correct[y], logInitial.discriminator.incorrect[y]])
        }
        return payoff(pair) - lambdaDiscriminator * kl
    }

    /// BR_G: the generator's best regularised utility against `pair.discriminator`,
    /// Σ_v λ_G log Σ_y π_G¹(y | v) exp(½ π_D(v | y) / λ_G).
    public func generatorBestResponseValue(_ pair: PolicyPair) -> Double {
        var total = 0.0
        for v in Correctness.allCases {
            total += lambdaGenerator * LogSpace.logSumExp(generatorBestResponseExponents(pair, v))
        }
        return total
    }

    /// BR_D: the discriminator's best regularised utility against `pair.generator`,
    /// Σ_y λ_D log Σ_v π_D¹(v | y) exp(½ π_G(y | v) / λ_D).
    public func discriminatorBestResponseValue(_ pair: PolicyPair) -> Double {
        var total = 0.0
        for y in 0..<candidateCount {
            total += lambdaDiscriminator * LogSpace.logSumExp(discriminatorBestResponseExponents(pair, y))
        }
        return total
    }

    /// The exploitability (BR_G − u_G) + (BR_D − u_D) of `pair`: how much the two players could
    /// gain together by deviating alone. Zero exactly at the regularised game's equilibrium.
    ///
    /// Computed in the equivalent form λ_G Σ_v KL[π_G(· | v) ‖ b_G(· | v)] +
    /// λ_D Σ_y KL[π_D(· | y) ‖ b_D(· | y)], where b is the best response (a Gibbs distribution),
    /// which avoids subtracting two nearly equal utilities. Rounding can leave a sum of about
    /// -1e-17; the result is clamped at 0. It is `+infinity` when `pair` gives probability to a
    /// candidate (or label) that the initial policy rules out.
    public func exploitability(of pair: PolicyPair) -> Double {
        var generatorGap = 0.0
        for v in Correctness.allCases {
            let exponents = generatorBestResponseExponents(pair, v)
            let lse = LogSpace.logSumExp(exponents)
            generatorGap += Self.kl(pair.generator[v], logReference: exponents.map { $0 - lse })
        }
        var discriminatorGap = 0.0
        for y in 0..<candidateCount {
            let exponents = discriminatorBestResponseExponents(pair, y)
            let lse = LogSpace.logSumExp(exponents)
            discriminatorGap += Self.kl([pair.discriminator.correct[y], pair.discriminator.incorrect[y]],
                                        logReference: exponents.map { $0 - lse })
        }
        let gap = lambdaGenerator * generatorGap + lambdaDiscriminator * discriminatorGap
        return gap < 0 ? 0 : gap  // (NaN stays NaN)
    }

    /// log π_G¹(y | v) + ½ π_D(v | y) / λ_G, for each y.
    private func generatorBestResponseExponents(_ pair: PolicyPair, _ v: Correctness) -> [Double] {
        (0..<candidateCount).map { y in
            logInitial.generator[v][y] + 0.5 * pair.discriminator[v][y] / lambdaGenerator
        }
    }

    /// log π_D¹(v | y) + ½ π_G(y | v) / λ_D, for v = correct, incorrect.
    private func discriminatorBestResponseExponents(_ pair: PolicyPair, _ y: Int) -> [Double] {
        Correctness.allCases.map { v in
            logInitial.discriminator[v][y] + 0.5 * pair.generator[v][y] / lambdaDiscriminator
        }
    }

    /// KL[p ‖ q] = Σ p (log p − log q), with 0 log 0 = 0; `+infinity` when p > 0 where q = 0.
    static func kl(_ p: [Double], logReference logQ: [Double]) -> Double {
        var total = 0.0
        for (pi, logQi) in zip(p, logQ) where pi > 0 {
            total += pi * (LogSpace.log(pi) - logQi)
        }
        return total
    }
}
