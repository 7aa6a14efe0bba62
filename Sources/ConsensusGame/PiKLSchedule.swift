/// The coefficients of each piKL iteration, which depend on t and the settings only, computed
/// once per solve and shared by every problem of a batch.
///
/// At iteration t the exponent (Q + λ log π¹) / (1/(ηt) + λ), with Q = Σ_{τ ≤ t} π⁽τ⁾ / (2t), is
/// evaluated as Σ·α + log π¹·γ with β = 1 / (1/(ηt) + λ), α = β / (2t) and γ = λβ.
///
/// The first ``precomputedLimit`` iterations' coefficients are stored; later ones (a large
/// iteration cap with a target exploitability) are computed when needed, by the same formula,
/// so they are the same numbers.
struct PiKLSchedule: Sendable {
    struct Step: Sendable {
        var alphaGenerator, gammaGenerator, halfBetaGenerator: Double
        var alphaDiscriminator, gammaDiscriminator: Double
    }

    /// The most iterations whose coefficients are stored (40 bytes each).
    static var precomputedLimit: Int { 1 << 14 }

    let settings: SolverSettings
    /// `steps[t - 1]` for iteration t = 1 … min(T, ``precomputedLimit``).
    let steps: [Step]

    init(settings: SolverSettings) {
        self.settings = settings
        steps = (0..<min(max(0, settings.iterations), Self.precomputedLimit)).map { Self.step($0 + 1, settings) }
    }

    /// Iteration t's coefficients (t ≥ 1).
    @inline(__always)
    func step(_ t: Int) -> Step {
        t <= steps.count ? steps[t - 1] : Self.step(t, settings)
    }

    static func step(_ iteration: Int, _ settings: SolverSettings) -> Step {
        let t = Double(iteration)
        let betaG = 1 / (1 / (settings.etaGenerator * t) + settings.lambdaGenerator)
        let betaD = 1 / (1 / (settings.etaDiscriminator * t) + settings.lambdaDiscriminator)
        return Step(
            alphaGenerator: betaG / (2 * t), gammaGenerator: settings.lambdaGenerator * betaG,
            halfBetaGenerator: betaG / 2,
            alphaDiscriminator: betaD / (2 * t), gammaDiscriminator: settings.lambdaDiscriminator * betaD)
    }
}
