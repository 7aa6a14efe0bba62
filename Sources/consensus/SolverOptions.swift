public import ArgumentParser
public import ConsensusGame
import Foundation

/// The equilibrium search's settings on the command line (spec section 4), the same options on
/// `rank`, `eval`, `solve` and `bench solver`. `eval` accepts comma-separated lists to sweep
/// them over cached scores; the others take one value each.
struct SolverOptions: ParsableArguments {
    @Option(help: "Equilibrium solver: pikl (the paper's) or extragradient (last-iterate convergence; eval: a list sweeps).")
    var solver: CommaList<SolverKind> = .init([.piKL])
    @Option(help: "Stop once the exploitability is at most this (the iterations become a cap; eval: a list sweeps).")
    var targetExploitability: CommaList<Double>?
    @Option(help: "Step size η of the extragradient solver.")
    var stepSize: Double = SolverSettings.defaultExtragradientStepSize
    @Option(help: "Learning rate η of both players (eval: a comma-separated list sweeps).")
    var eta: CommaList<Double> = .init([0.1])
    @Option(help: "KL weight λ of both players, the pull towards the initial policies (eval: a list sweeps).")
    var lambda: CommaList<Double> = .init([0.1])
    @Option(help: "KL weight λ of the generator alone, instead of --lambda (eval: a list sweeps; with --lambda-discriminator, the grid).")
    var lambdaGenerator: CommaList<Double>?
    @Option(help: "KL weight λ of the discriminator alone, instead of --lambda (eval: a list sweeps).")
    var lambdaDiscriminator: CommaList<Double>?
    @Option(help: "Iterations T of the no-regret dynamics (eval: a list sweeps).")
    var iterations: CommaList<Int> = .init([5000])
    @Option(help: "Initial policies: cross (the paper's cross-normalisation) or plain (eval: cross,plain compares both on the same scores).")
    var normalization: CommaList<InitialPolicyNormalization> = .init([.crossNormalized])
    @Option(help: "The iterate ER-G and ER-D read: last or average.")
    var equilibriumIterate: EquilibriumIterate = .last
    @Option(help: "Record the exploitability every K iterations: the trajectory of rank --json and solve (eval: instead of --trajectory-every).")
    var exploitabilityInterval: Int?

    /// The settings of one combination of the listed values, checked.
    private func settings(
        _ kind: SolverKind, _ normalization: InitialPolicyNormalization, _ target: Double?, eta: Double,
        lambda: (generator: Double, discriminator: Double), iterations: Int, exploitabilityInterval: Int?
    ) throws -> SolverSettings {
        var s = SolverSettings()
        s.solver = kind
        s.targetExploitability = target
        s.extragradientStepSize = stepSize
        s.etaGenerator = eta
        s.etaDiscriminator = eta
        s.lambdaGenerator = lambda.generator
        s.lambdaDiscriminator = lambda.discriminator
        s.iterations = iterations
        s.normalization = normalization
        s.equilibriumIterate = equilibriumIterate
        s.exploitabilityInterval = exploitabilityInterval
        do { _ = try EquilibriumSolver(validating: s) } catch let error as GameInputError {
            throw ValidationError("\(Self.flags[error.field] ?? error.field) \(error.reason)")
        }
        return s
    }

    /// Every combination of the listed values, checked; `exploitabilityInterval` is
    /// ``exploitabilityInterval`` when that is given.
    func sweep(exploitabilityInterval: Int? = nil) throws -> [SolverSettings] {
        var out: [SolverSettings] = []
        for normalization in normalization.values {
            for kind in solver.values {
                for target in targetExploitability?.values.map(Optional.some) ?? [nil] {
                    for e in eta.values {
                        for l in lambdas {
                            for t in iterations.values {
                                out.append(try settings(
                                    kind, normalization, target, eta: e, lambda: l, iterations: t,
                                    exploitabilityInterval: self.exploitabilityInterval ?? exploitabilityInterval))
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The (λ_G, λ_D) pairs: `--lambda` for both players, or the grid of `--lambda-generator` by
    /// `--lambda-discriminator` where either is given (the other player keeps `--lambda`).
    private var lambdas: [(generator: Double, discriminator: Double)] {
        guard lambdaGenerator != nil || lambdaDiscriminator != nil else { return lambda.values.map { ($0, $0) } }
        let discriminator = lambdaDiscriminator?.values ?? lambda.values
        return (lambdaGenerator?.values ?? lambda.values).flatMap { g in discriminator.map { d in (g, d) } }
    }

    /// The one setting of a command that solves with one (`rank`, `solve`, `bench solver`).
    /// - Throws: a `ValidationError` when an option lists several values (sweeps are for eval).
    func settings(command: String = "rank") throws -> SolverSettings {
        guard solver.values.count == 1, normalization.values.count == 1, (targetExploitability?.values.count ?? 1) == 1,
            eta.values.count == 1, lambdas.count == 1, iterations.values.count == 1
        else {
            throw ValidationError(
                "\(command) takes one value each of --solver, --target-exploitability, --normalization, --eta, --lambda (or --lambda-generator and --lambda-discriminator) and --iterations (sweeps are for eval)")
        }
        return try settings(
            solver.values[0], normalization.values[0], targetExploitability?.values[0], eta: eta.values[0], lambda: lambdas[0],
            iterations: iterations.values[0], exploitabilityInterval: exploitabilityInterval)
    }

    /// The flag of each ``SolverSettings`` property, for errors.
    static let flags = [
        "etaGenerator": "--eta", "etaDiscriminator": "--eta", "lambdaGenerator": "--lambda (or --lambda-generator)", "lambdaDiscriminator": "--lambda (or --lambda-discriminator)",
        "extragradientStepSize": "--step-size", "iterations": "--iterations", "exploitabilityInterval": "--exploitability-interval",
        "targetExploitability": "--target-exploitability",
    ]
}

/// A comma-separated list on the command line: `--lambda 0.01,0.1,1`.
struct CommaList<Value: LosslessStringConvertible & Sendable>: ExpressibleByArgument, Sendable {
    var values: [Value]

    init(_ values: [Value]) { self.values = values }

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
        let parsed = parts.compactMap { Value(String($0).trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parsed.count == parts.count else { return nil }
        values = parsed
    }

    var defaultValueDescription: String { values.map(\.description).joined(separator: ",") }
}

extension InitialPolicyNormalization: ExpressibleByArgument, LosslessStringConvertible {
    public init?(argument: String) { self.init(name: argument) }
    public init?(_ description: String) { self.init(name: description) }
    public var description: String { rawValue }
}

extension SolverKind: LosslessStringConvertible {
    public init?(_ description: String) { self.init(rawValue: description) }
    public var description: String { rawValue }
}

extension SolverKind: ExpressibleByArgument {}

extension EquilibriumIterate: ExpressibleByArgument {}
