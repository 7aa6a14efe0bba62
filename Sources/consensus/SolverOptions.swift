import ArgumentParser
import ConsensusGame

/// The equilibrium search's settings on the command line (spec section 4).
struct SolverOptions: ParsableArguments {
    @Option(help: "Learning rate η of both players.") var eta: Double = 0.1
    @Option(help: "KL weight λ of both players (pull towards the initial policies).") var lambda: Double = 0.1
    @Option(help: "Iterations T of the no-regret dynamics.") var iterations: Int = 5000
    @Option(help: "Initial policies: crossNormalized (the paper's) or plain.")
    var normalization: InitialPolicyNormalization = .crossNormalized

    func settings() throws -> SolverSettings {
        var s = SolverSettings()
        s.etaGenerator = eta
        s.etaDiscriminator = eta
        s.lambdaGenerator = lambda
        s.lambdaDiscriminator = lambda
        s.iterations = iterations
        s.normalization = normalization
        do { _ = try PiKLSolver(validating: s) } catch { throw ValidationError("\(error)") }
        return s
    }
}

extension InitialPolicyNormalization: ExpressibleByArgument {}
