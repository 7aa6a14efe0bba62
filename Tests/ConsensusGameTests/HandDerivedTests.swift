import ConsensusGame
import Testing

/// A 2-candidate game solved by hand for one and two iterations (η = λ = 0.1).
///
/// Scores: P(y | correct) = (0.6, 0.2), P(y | incorrect) = (0.2, 0.6);
///         P(correct | y) = (0.9, 0.3), P(incorrect | y) = (0.1, 0.7).
///
/// Initial policies (cross-normalised, spec section 3):
///   π_G¹(y | c) ∝ P(y|c) / (P(y|c) + P(y|i)) = (0.6/0.8, 0.2/0.8) = (3/4, 1/4), already normalised;
///   π_G¹(y | i) = (1/4, 3/4);
///   P(c | y) / Σ_y' P(c | y') = (0.9/1.2, 0.3/1.2) = (3/4, 1/4),
///   P(i | y) / Σ_y' P(i | y') = (0.1/0.8, 0.7/0.8) = (1/8, 7/8), normalised over v for each y:
///   π_D¹(c | y1) = (3/4)/(3/4 + 1/8) = 6/7,  π_D¹(c | y2) = (1/4)/(1/4 + 7/8) = 2/9.
///
/// With two options a softmax is a logistic function σ(u) = 1/(1 + e^-u) of the difference of
/// the exponents. Iteration t = 1: 1/(ηt) + λ = 10.1, Q_G⁽¹⁾(y | v) = π_D¹(v | y)/2 and
/// Q_D⁽¹⁾(v | y) = π_G¹(y | v)/2:
///   π_G⁽²⁾(y1 | c) = σ(a),  a = [(6/7 − 2/9)/2 + 0.1 ln 3] / 10.1 = [20/63 + 0.1 ln 3] / 10.1
///                        ≈ 0.0423090640, σ(a) ≈ 0.5105756885;
///   π_G⁽²⁾(y1 | i) = σ(−a): (1/7 − 7/9)/2 = −20/63 and ln((1/4)/(3/4)) = −ln 3;
///   π_D⁽²⁾(c | y1) = σ(d1), d1 = [(3/4 − 1/4)/2 + 0.1 ln 6] / 10.1 ≈ 0.0424926680 → 0.5106215688;
///   π_D⁽²⁾(c | y2) = σ(d2), d2 = [(1/4 − 3/4)/2 + 0.1 ln(2/7)] / 10.1 ≈ −0.0371560690 → 0.4907120513.
/// Iteration t = 2: 1/(ηt) + λ = 5.1, Q⁽²⁾ = (π¹ + π⁽²⁾)/4 of the opponent:
///   π_G⁽³⁾(y1 | c) = σ(a2), a2 = [(6/7 + σ(d1) − 2/9 − σ(d2))/4 + 0.1 ln 3] / 5.1 ≈ 0.0536409347
///                        → 0.5134070191; and π_G⁽³⁾(y1 | i) = σ(−a2) by the same symmetry;
///   π_D⁽³⁾(c | y1) = σ(d1'), d1' = [(3/4 + σ(a) − 1/4 − σ(−a))/4 + 0.1 ln 6] / 5.1
///                        = [(2σ(a) − 1/2)/4 + 0.1 ln 6] / 5.1 ≈ 0.0606791747 → 0.5151651408;
///   π_D⁽³⁾(c | y2) = σ(d2'), d2' = [(1/2 − 2σ(a))/4 + 0.1 ln(2/7)] / 5.1 ≈ −0.0501106159 → 0.4874749669.
/// (Decimals from Python's math module.) The test evaluates the closed forms with the C
/// library's exp and log, independently of the solver's own exponential.
@Suite("Hand-derived 2-candidate game")
struct HandDerivedTests {
    static let problem = try! ConsensusProblem(
        generator: ByCorrectness(correct: [logarithm(0.6), logarithm(0.2)], incorrect: [logarithm(0.2), logarithm(0.6)]),
        discriminator: ByCorrectness(correct: [logarithm(0.9), logarithm(0.3)], incorrect: [logarithm(0.1), logarithm(0.7)]))

    static func sigma(_ u: Double) -> Double { 1 / (1 + exponential(-u)) }
    static let a = (20.0 / 63 + 0.1 * logarithm(3)) / 10.1
    static let d1 = (0.25 + 0.1 * logarithm(6)) / 10.1
    static let d2 = (-0.25 + 0.1 * logarithm(2.0 / 7)) / 10.1
    static let a2 = ((6.0 / 7 + sigma(d1) - 2.0 / 9 - sigma(d2)) / 4 + 0.1 * logarithm(3)) / 5.1
    static let d1b = ((2 * sigma(a) - 0.5) / 4 + 0.1 * logarithm(6)) / 5.1
    static let d2b = ((0.5 - 2 * sigma(a)) / 4 + 0.1 * logarithm(2.0 / 7)) / 5.1

    func solve(iterations: Int) -> Solution {
        EquilibriumSolver(settings: SolverSettings(iterations: iterations)).solve(Self.problem)
    }

    @Test("initial policies")
    func initial() {
        let p = solve(iterations: 0)
        #expect(maxDifference(p.initial.generator.correct, [0.75, 0.25]) < 1e-15)
        #expect(maxDifference(p.initial.generator.incorrect, [0.25, 0.75]) < 1e-15)
        #expect(maxDifference(p.initial.discriminator.correct, [6.0 / 7, 2.0 / 9]) < 1e-15)
        #expect(maxDifference(p.initial.discriminator.incorrect, [1.0 / 7, 7.0 / 9]) < 1e-15)
        #expect(p.lastIterate == p.initial)
        #expect(p.averageIterate == p.initial)
    }

    @Test("the decimals in the derivation")
    func decimals() {
        #expect(abs(Self.sigma(Self.a) - 0.5105756885) < 1e-10)
        #expect(abs(Self.sigma(Self.d1) - 0.5106215688) < 1e-10)
        #expect(abs(Self.sigma(Self.d2) - 0.4907120513) < 1e-10)
        #expect(abs(Self.sigma(Self.a2) - 0.5134070191) < 1e-10)
        #expect(abs(Self.sigma(Self.d1b) - 0.5151651408) < 1e-10)
        #expect(abs(Self.sigma(Self.d2b) - 0.4874749669) < 1e-10)
    }

    @Test("one iteration")
    func oneIteration() {
        let p = solve(iterations: 1).lastIterate
        let s = Self.sigma
        #expect(maxDifference(p.generator.correct, [s(Self.a), s(-Self.a)]) < 1e-14)
        #expect(maxDifference(p.generator.incorrect, [s(-Self.a), s(Self.a)]) < 1e-14)
        #expect(maxDifference(p.discriminator.correct, [s(Self.d1), s(Self.d2)]) < 1e-14)
        #expect(maxDifference(p.discriminator.incorrect, [s(-Self.d1), s(-Self.d2)]) < 1e-14)
    }

    @Test("two iterations, and the average iterate")
    func twoIterations() {
        let solution = solve(iterations: 2)
        let p = solution.lastIterate
        let s = Self.sigma
        #expect(maxDifference(p.generator.correct, [s(Self.a2), s(-Self.a2)]) < 1e-14)
        #expect(maxDifference(p.generator.incorrect, [s(-Self.a2), s(Self.a2)]) < 1e-14)
        #expect(maxDifference(p.discriminator.correct, [s(Self.d1b), s(Self.d2b)]) < 1e-14)
        #expect(maxDifference(p.discriminator.incorrect, [s(-Self.d1b), s(-Self.d2b)]) < 1e-14)
        // The average of π⁽¹⁾, π⁽²⁾, π⁽³⁾.
        let average = (0.75 + s(Self.a) + s(Self.a2)) / 3
        #expect(abs(solution.averageIterate.generator.correct[0] - average) < 1e-14)
        let averageD = (6.0 / 7 + s(Self.d1) + s(Self.d1b)) / 3
        #expect(abs(solution.averageIterate.discriminator.correct[0] - averageD) < 1e-14)
    }

    @Test("scores and rankings after two iterations")
    func scores() {
        let scores = solve(iterations: 2).scores
        #expect(scores[.generative] == Self.problem.generator.correct)
        #expect(abs(scores[.mutualInformation][1] - logarithm(0.2 * 0.3)) < 1e-15)
        #expect(scores.ranking(.generative) == [0, 1])
        #expect(scores.ranking(.discriminative) == [0, 1])
        #expect(scores.ranking(.equilibriumGenerator) == [0, 1])
        #expect(scores.pick(.equilibriumDiscriminator) == 0)
    }
}
