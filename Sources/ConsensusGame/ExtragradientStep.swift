/// The constant coefficients of the extragradient solver's iteration (docs/solver-extragradient.md,
/// "The update"), shared by every problem of a batch.
///
/// Each half-step moves a player's log-ratio ρ = log π − log π¹ (up to a constant per
/// distribution) to ρ' = w·ρ + κ·(the opponent's policy), the proximal step with step size η and
/// the KL term λ·KL[π ‖ π¹]: w = 1/(1 + ηλ) and κ = η / (2(1 + ηλ)) (the payoff's gradient is half
/// the opponent's probability). Both weights are positive for every η and λ in
/// ``SolverSettings/parameterRange`` (ηλ ≥ 1e-200), so a log π¹ of −∞ stays −∞.
struct ExtragradientStep: Sendable {
    /// w_G and κ_G, for the generator.
    var weightGenerator, gainGenerator: Double
    /// w_D and κ_D, for the discriminator.
    var weightDiscriminator, gainDiscriminator: Double
    /// Whether the generator's softmax may shift its exponents by the bound
    /// max log π¹ + 1/(2λ_G) (one pass) instead of their maximum (two passes): true when
    /// 1/(2λ_G) ≤ 64, since ρ_G stays in [0, 1/(2λ_G)], so that the largest shifted exponent is at
    /// least −64.
    var generatorShiftIsBound: Bool

    init(_ settings: SolverSettings) {
        let eta = settings.extragradientStepSize
        let lambdaG = settings.lambdaGenerator, lambdaD = settings.lambdaDiscriminator
        weightGenerator = 1 / (1 + eta * lambdaG)
        gainGenerator = eta / (2 * (1 + eta * lambdaG))
        weightDiscriminator = 1 / (1 + eta * lambdaD)
        gainDiscriminator = eta / (2 * (1 + eta * lambdaD))
        generatorShiftIsBound = 0.5 / lambdaG <= 64
    }
}
