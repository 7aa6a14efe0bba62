import ArgumentParser
import ConsensusGame

/// The equilibrium search's settings on the command line (spec section 4). `eval` accepts
/// comma-separated lists to sweep them over cached scores; `rank` takes one value each.
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
    @Option(help: "Iterations T of the no-regret dynamics (eval: a list sweeps).")
    var iterations: CommaList<Int> = .init([5000])
    @Option(help: "Initial policies: cross (the paper's cross-normalisation) or plain (eval: cross,plain compares both on the same scores).")
    var normalization: CommaList<InitialPolicyNormalization> = .init([.crossNormalized])

    /// Every combination of the listed values, checked.
    func sweep(exploitabilityInterval: Int? = nil) throws -> [SolverSettings] {
        var out: [SolverSettings] = []
        for normalization in normalization.values {
        for kind in solver.values {
        for target in targetExploitability?.values.map(Optional.some) ?? [nil] {
        for e in eta.values {
            for l in lambda.values {
                for t in iterations.values {
                    var s = SolverSettings()
                    s.solver = kind
                    s.targetExploitability = target
                    s.extragradientStepSize = stepSize
                    s.etaGenerator = e
                    s.etaDiscriminator = e
                    s.lambdaGenerator = l
                    s.lambdaDiscriminator = l
                    s.iterations = t
                    s.normalization = normalization
                    s.exploitabilityInterval = exploitabilityInterval
                    do { _ = try EquilibriumSolver(validating: s) } catch { throw ValidationError("\(error)") }
                    out.append(s)
                }
            }
        }
        }
        }
        }
        return out
    }

    /// The one setting that a single ranking uses.
    func settings() throws -> SolverSettings {
        let all = try sweep()
        guard all.count == 1 else {
            throw ValidationError("rank takes one value each of --solver, --target-exploitability, --normalization, --eta, --lambda and --iterations (sweeps are for eval)")
        }
        return all[0]
    }
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
