// The equilibrium solvers' speed per iteration and to a target exploitability, on random games.
// docs/solver-performance.md and docs/solver-extragradient.md quote its output with the command lines that produced it.
import ConsensusGame
import ConsensusTesting
import Foundation

let usage = """
    usage: SolverBenchmark throughput [--candidates 2,4,8,32] [--iterations 2000] [--problems 1024] [--repetitions 5]
                                      [--lambda 0.1] [--target EPSILON] [--solvers pikl,extragradient]
           SolverBenchmark convergence [--candidates 4,32] [--lambda 0.1] [--targets 1e-3,1e-6,1e-9]
                                       [--problems 128] [--pikl-cap 1000000] [--extragradient-cap 20000]
                                       [--step-size 10] [--repetitions 1] [--solvers pikl,extragradient]
           SolverBenchmark agreement [--candidates 2,4,8,32] [--lambda 0.1] [--problems 1000]
      throughput:  time per problem and iteration, batched, for piKL and extragradient (fixed T; with --target,
                   the checks' cost is included, and a solve that reaches the target stops early)
      convergence: iterations and µs per problem to reach each target exploitability (batched, one thread)
      agreement:   how often extragradient (to 1e-9) and piKL (T = 5000) pick the same candidate
      Problems are random (seed --seed, default 1): ConsensusProblem.randomBatch, the tests' distribution,
      the same problems `consensus bench solver` times.
    """

/// Command-line options: `--name value`, values comma-separated where a list is expected.
struct Options {
    var values: [String: String] = [:]
    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        while let name = rest.popFirst() {
            guard name.hasPrefix("--"), let value = rest.popFirst() else { throw Failure("expected --name value, found \(name)") }
            values[String(name.dropFirst(2))] = value
        }
    }
    func list<T: LosslessStringConvertible>(_ name: String, _ fallback: [T]) throws -> [T] {
        guard let text = values[name] else { return fallback }
        let parsed = text.split(separator: ",").compactMap { T(String($0)) }
        guard !parsed.isEmpty, parsed.count == text.split(separator: ",").count else { throw Failure("--\(name): cannot read '\(text)'") }
        return parsed
    }
    func value<T: LosslessStringConvertible>(_ name: String, _ fallback: T) throws -> T {
        try list(name, [fallback])[0]
    }
    func solvers() throws -> [SolverKind] {
        try list("solvers", SolverKind.allCases.map(\.rawValue)).map {
            guard let kind = SolverKind(rawValue: $0) else { throw Failure("--solvers: '\($0)' is not pikl or extragradient") }
            return kind
        }
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func seconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// The fastest of `repetitions` runs, in seconds, and the last run's result.
func fastest<T>(_ repetitions: Int, _ body: () -> T) -> (Double, T) {
    var best = Double.infinity
    var result: T?
    for _ in 0..<repetitions {
        let start = seconds()
        result = body()
        best = min(best, seconds() - start)
    }
    return (best, result!)
}

func format(_ x: Double) -> String {
    x >= 100 ? String(Int(x.rounded())) : x >= 1 ? String(format: "%.1f", x) : String(format: "%.3g", x)
}

func header() {
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    print("\(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(load)")
    print("")
}

func throughput(_ o: Options) throws {
    let candidates: [Int] = try o.list("candidates", [2, 4, 8, 32])
    let iterations: Int = try o.value("iterations", 2000)
    let count: Int = try o.value("problems", 1024)
    let repetitions: Int = try o.value("repetitions", 5)
    let seed: UInt64 = try o.value("seed", 1)
    let stepSize: Double = try o.value("step-size", SolverSettings.defaultExtragradientStepSize)
    let lambda: Double = try o.value("lambda", 0.1)
    let target: Double? = try o.values["target"].map { _ in try o.value("target", 0.0) }
    header()
    print("T = \(iterations) iterations, λ = \(lambda), \(target.map { "target \($0)" } ?? "no target"), batches of \(count) problems, best of \(repetitions); time per problem and iteration.")
    print("")
    let kinds = try o.solvers()
    let columns = [1, nil].flatMap { threads in kinds.map { "\($0.rawValue), \(threads == 1 ? "1 thread" : "all cores")" } }
    let compare = kinds.count == 2
    print("| n | " + columns.enumerated().map { i, c in compare && i % 2 == 1 ? c + " | ratio" : c }.joined(separator: " | ") + " |")
    print("|---:|" + String(repeating: "---:|", count: columns.count + (compare ? 2 : 0)))
    for n in candidates {
        let batch = ConsensusProblem.randomBatch(count, candidates: n, seed: seed)
        var row = ["\(n)"]
        for threads in [1, nil] as [Int?] {
            var times: [Double] = []
            for kind in kinds {
                let solver = EquilibriumSolver(settings: SolverSettings(
                    lambdaGenerator: lambda, lambdaDiscriminator: lambda, iterations: iterations, solver: kind,
                    extragradientStepSize: stepSize, targetExploitability: target))
                let (time, _) = fastest(repetitions) { solver.solve(batch: batch, threadCount: threads) }
                times.append(time / Double(count * iterations) * 1e6)
                row.append(format(times.last! * 1000) + " ns")
            }
            if compare { row.append(String(format: "%.2f", times[1] / times[0])) }
        }
        print("| " + row.joined(separator: " | ") + " |")
    }
}

func convergence(_ o: Options) throws {
    let candidates: [Int] = try o.list("candidates", [4, 32])
    let lambdas: [Double] = try o.list("lambda", [0.1])
    let targets: [Double] = try o.list("targets", [1e-3, 1e-6, 1e-9])
    let count: Int = try o.value("problems", 128)
    let piKLCap: Int = try o.value("pikl-cap", 1_000_000)
    let extragradientCap: Int = try o.value("extragradient-cap", 20000)
    let stepSize: Double = try o.value("step-size", SolverSettings.defaultExtragradientStepSize)
    let repetitions: Int = try o.value("repetitions", 1)
    let seed: UInt64 = try o.value("seed", 1)
    let kinds = try o.solvers()
    header()
    print("\(count) random problems per row, solved batched on one thread with a target exploitability ε;")
    print("caps: piKL \(piKLCap) iterations, extragradient \(extragradientCap) (η = \(stepSize)); best of \(repetitions).")
    print("Iterations: median / 90th percentile / maximum over the problems that reached ε.")
    print("")
    print("The fixed cost of a solve (initial policies, three exploitabilities, scores) is the time with T = 0.")
    print("")
    print("| n | λ | ε | solver | reached ε | iterations | µs per problem |")
    print("|---:|---:|---:|---|---:|---:|---:|")
    for n in candidates {
        let batch = ConsensusProblem.randomBatch(count, candidates: n, seed: seed)
        let setup = EquilibriumSolver(settings: SolverSettings(iterations: 0))
        let (fixed, _) = fastest(max(3, repetitions)) { setup.solve(batch: batch, threadCount: 1) }
        print("| \(n) | – | – | T = 0 | – | 0 | \(format(fixed / Double(count) * 1e6)) |")
        for lambda in lambdas {
            for target in targets {
                for kind in kinds {
                    let settings = SolverSettings(
                        lambdaGenerator: lambda, lambdaDiscriminator: lambda,
                        iterations: kind == .piKL ? piKLCap : extragradientCap,
                        solver: kind, extragradientStepSize: stepSize, targetExploitability: target)
                    let solver = EquilibriumSolver(settings: settings)
                    let (time, solutions) = fastest(repetitions) { solver.solve(batch: batch, threadCount: 1) }
                    let reached = solutions.filter { $0.converged == true }.map(\.iterationsUsed).sorted()
                    let iterations = reached.isEmpty ? "–" :
                        "\(reached[reached.count / 2]) / \(reached[min(reached.count - 1, reached.count * 9 / 10)]) / \(reached.last!)"
                    print("| \(n) | \(lambda) | \(target) | \(kind.rawValue) | \(reached.count)/\(count) | \(iterations) | \(format(time / Double(count) * 1e6)) |")
                }
            }
        }
    }
}

func agreement(_ o: Options) throws {
    let candidates: [Int] = try o.list("candidates", [2, 4, 8, 32])
    let lambdas: [Double] = try o.list("lambda", [0.1])
    let count: Int = try o.value("problems", 1000)
    let seed: UInt64 = try o.value("seed", 1)
    header()
    print("\(count) random problems per row. piKL: T = 5000 (the paper's setting); extragradient: to ε = 1e-9 (cap 20000).")
    print("")
    print("| n | λ | same ER-G pick | same ER-D pick | max |π_G*(·|correct) difference| | piKL exploitability, median / max | extragradient reached 1e-9 |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in candidates {
        let batch = ConsensusProblem.randomBatch(count, candidates: n, seed: seed)
        for lambda in lambdas {
            let piKL = EquilibriumSolver(settings: SolverSettings(lambdaGenerator: lambda, lambdaDiscriminator: lambda)).solve(batch: batch)
            let extragradient = EquilibriumSolver(settings: SolverSettings(
                lambdaGenerator: lambda, lambdaDiscriminator: lambda, iterations: 20000, solver: .extragradient,
                targetExploitability: 1e-9)).solve(batch: batch)
            let sameG = zip(piKL, extragradient).filter { $0.scores.pick(.equilibriumGenerator) == $1.scores.pick(.equilibriumGenerator) }.count
            let sameD = zip(piKL, extragradient).filter { $0.scores.pick(.equilibriumDiscriminator) == $1.scores.pick(.equilibriumDiscriminator) }.count
            let gap = zip(piKL, extragradient).map { a, b in
                zip(a.lastIterate.generator.correct, b.lastIterate.generator.correct).map { abs($0 - $1) }.max()!
            }.max()!
            let exploitabilities = piKL.map(\.exploitability).sorted()
            let reached = extragradient.filter { $0.converged == true }.count
            print("| \(n) | \(lambda) | \(sameG)/\(count) | \(sameD)/\(count) | \(String(format: "%.2g", gap)) | \(String(format: "%.2g", exploitabilities[count / 2])) / \(String(format: "%.2g", exploitabilities.last!)) | \(reached)/\(count) |")
        }
    }
}

let arguments = CommandLine.arguments.dropFirst()
do {
    let options = try Options(arguments.dropFirst())
    switch arguments.first {
    case "throughput": try throughput(options)
    case "convergence": try convergence(options)
    case "agreement": try agreement(options)
    default:
        print(usage)
        exit(arguments.first == "--help" ? 0 : 64)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n\(usage)\n".utf8))
    exit(64)
}
