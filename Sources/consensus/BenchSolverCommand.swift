import ArgumentParser
import ConsensusGame
import ConsensusTesting
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `consensus bench solver`: a solver's time per problem, alone and batched.
struct BenchSolverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solver",
        abstract: "Time a solver (piKL or extragradient) per problem for several candidate counts (build with -c release).",
        discussion: """
            For each candidate count n, solves random problems (seeded, reproducible; the tests' and \
            the SolverBenchmark package's distribution, ConsensusProblem.random) three ways: one at \
            a time with solve(_:), batched on one thread, and batched on every core. Prints a \
            markdown table of the best of --repetitions runs.
            """
    )

    @Option(name: .long, parsing: .upToNextOption, help: "Candidate counts to time.")
    var candidates: [Int] = [2, 4, 8, 32]

    @Option(name: .long, help: "Problems per batch.")
    var problems: Int = 1024

    @Option(name: .long, help: "Problems solved one at a time for the single-problem column.")
    var singles: Int = 64

    @Option(name: .long, help: "Runs of each measurement; the fastest is reported.")
    var repetitions: Int = 3

    @Option(name: .long, help: "Seed of the random problems.")
    var seed: UInt64 = 1

    /// The solver timed, with its settings (one value each).
    @OptionGroup(title: "Solver") var solver: SolverOptions

    func validate() throws {
        if let bad = candidates.first(where: { $0 < 2 }) {
            throw ValidationError("--candidates: \(bad) is below 2; a problem needs at least 2 candidates.")
        }
        let iterations = try solver.settings(command: "bench solver").iterations
        if iterations < 1 { throw ValidationError("--iterations: \(iterations) must be at least 1.") }
        if problems < 1 { throw ValidationError("--problems: \(problems) must be at least 1.") }
        if singles < 1 { throw ValidationError("--singles: \(singles) must be at least 1.") }
        if repetitions < 1 { throw ValidationError("--repetitions: \(repetitions) must be at least 1.") }
    }

    func run() async throws {
        let cores = Self.activeCores
        let settings = try self.solver.settings(command: "bench solver")
        let solver = EquilibriumSolver(settings: settings)
        print("\(settings.solver.rawValue) solver, T = \(settings.iterations), \(cores) cores, best of \(repetitions) runs; batches of \(problems) problems.")
        print("")
        print("| n | single solve (µs) | batched, 1 thread (µs/problem) | batched, \(cores) cores (µs/problem) | batched, CPU time (µs/problem) | batched throughput (problems/s/core) |")
        print("|---:|---:|---:|---:|---:|---:|")
        for n in candidates {
            let batch = ConsensusProblem.randomBatch(problems, candidates: n, seed: seed)
            let singlesBatch = Array(batch.prefix(singles))
            let single = best { for p in singlesBatch { _ = solver.solve(p) } }.wall / Double(singlesBatch.count)
            let oneThread = best { _ = solver.solve(batch: batch, threadCount: 1) }.wall / Double(batch.count)
            let allCores = best { _ = solver.solve(batch: batch) }
            let wall = allCores.wall / Double(batch.count)
            let cpu = allCores.cpu / Double(batch.count)
            let perCore = 1 / (wall * Double(cores))
            print("| \(n) | \(format(single * 1e6)) | \(format(oneThread * 1e6)) | \(format(wall * 1e6)) | \(format(cpu * 1e6)) | \(Int(perCore.rounded())) |")
        }
    }

    /// The fastest of `repetitions` runs of `body`: wall-clock seconds, and the process's CPU
    /// seconds during that run.
    private func best(_ body: () -> Void) -> (wall: Double, cpu: Double) {
        var fastest = (wall: Double.infinity, cpu: Double.infinity)
        for _ in 0..<repetitions {
            let wall0 = Self.seconds(CLOCK_MONOTONIC), cpu0 = Self.seconds(CLOCK_PROCESS_CPUTIME_ID)
            body()
            let wall = Self.seconds(CLOCK_MONOTONIC) - wall0, cpu = Self.seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0
            if wall < fastest.wall { fastest = (wall, cpu) }
        }
        return fastest
    }

    /// The number of cores the system can use now.
    private static var activeCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    private static func seconds(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    private func format(_ x: Double) -> String {
        x >= 100 ? String(Int(x.rounded())) : String((x * 10).rounded() / 10)
    }
}
