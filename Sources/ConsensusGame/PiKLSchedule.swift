/// The coefficients of each piKL iteration, which depend on t and the settings only, computed
/// once per solve and shared by every problem of a batch.
///
/// At iteration t the exponent (Q + λ log π¹) / (1/(ηt) + λ), with Q = Σ_{τ ≤ t} π⁽τ⁾ / (2t), is
/// evaluated as Σ·α + log π¹·γ with β = 1 / (1/(ηt) + λ), α = β / (2t) and γ = λβ.
struct PiKLSchedule: Sendable {
    struct Step: Sendable {
        var alphaGenerator, gammaGenerator, halfBetaGenerator: Double
        var alphaDiscriminator, gammaDiscriminator: Double
    }

    /// `steps[t - 1]` for iteration t = 1 … T.
    let steps: [Step]

    init(settings: SolverSettings) {
        steps = (0..<max(0, settings.iterations)).map { index in
            let t = Double(index + 1)
            let betaG = 1 / (1 / (settings.etaGenerator * t) + settings.lambdaGenerator)
            let betaD = 1 / (1 / (settings.etaDiscriminator * t) + settings.lambdaDiscriminator)
            return Step(
                alphaGenerator: betaG / (2 * t), gammaGenerator: settings.lambdaGenerator * betaG,
                halfBetaGenerator: betaG / 2,
                alphaDiscriminator: betaD / (2 * t), gammaDiscriminator: settings.lambdaDiscriminator * betaD)
        }
    }
}
