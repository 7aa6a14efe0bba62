import Dispatch

/// Equilibrium-Ranking's equilibrium search with the solver that the settings name
/// (``SolverSettings/solver``): piKL (the default, spec section 4) or extragradient.
///
/// piKL no-regret dynamics: from π⁽¹⁾ = π¹, for t = 1 … T both players update at once:
///
///     Q_G⁽ᵗ⁾(y | v) = (1/2t) Σ_{τ ≤ t} π_D⁽τ⁾(v | y)      Q_D⁽ᵗ⁾(v | y) = (1/2t) Σ_{τ ≤ t} π_G⁽τ⁾(y | v)
///     π_G⁽ᵗ⁺¹⁾(y | v) ∝ exp{(Q_G⁽ᵗ⁾ + λ_G log π_G¹(y | v)) / (1/(η_G t) + λ_G)}   over y
///     π_D⁽ᵗ⁺¹⁾(v | y) ∝ exp{(Q_D⁽ᵗ⁾ + λ_D log π_D¹(v | y)) / (1/(η_D t) + λ_D)}   over v
///
/// The anchor is always the initial policy π¹. (``PiKLSolver`` is this type's former name.)
///
/// ```swift
/// var settings = SolverSettings(solver: .extragradient, targetExploitability: 1e-9)
/// let solution = EquilibriumSolver(settings: settings).solve(problem)
/// solution.converged        // true: exploitability ≤ 1e-9
/// solution.iterationsUsed   // far below the cap, settings.iterations
/// ```
///
/// Problems are vectorised one per SIMD lane, and a batch is spread over every core; a problem's
/// result is bit-for-bit the same whether it is solved alone or in any batch, with or without a
/// target exploitability.
///
/// Thread-safety: a value type without shared state; call it from any thread.
public struct EquilibriumSolver: Sendable {
    /// The hyper-parameters, the solver among them.
    public let settings: SolverSettings
    /// piKL's coefficients for each iteration, computed once per solver (`nil` for extragradient).
    let schedule: PiKLSchedule?

    /// Creates a solver.
    ///
    /// - Precondition: `settings` is valid (``SolverSettings/validate()``); use
    ///   ``init(validating:)`` to get an error instead.
    public init(settings: SolverSettings = .default) {
        do {
            try self.init(validating: settings)
        } catch {
            preconditionFailure("invalid solver settings: \(error)")
        }
    }

    /// Creates a solver after checking `settings`.
    ///
    /// - Throws: ``GameInputError`` naming the invalid setting.
    public init(validating settings: SolverSettings) throws {
        try settings.validate()
        self.settings = settings
        schedule = settings.solver == .piKL ? PiKLSchedule(settings: settings) : nil
    }

    /// Solves one problem.
    public func solve(_ problem: ConsensusProblem) -> Solution {
        let lane = Self.lane(problem, settings)
        let result = runSolverKernel(width: 2, n: problem.candidateCount, lanes: [lane], settings: settings, schedule: schedule)[0]
        return solution(problem, lane, result)
    }

    /// Solves many problems at once, on every core.
    ///
    /// Problems with the same number of candidates are grouped, eight to a SIMD vector; the
    /// groups are spread over the cores with `DispatchQueue.concurrentPerform`.
    ///
    /// - Returns: one solution per problem, in order; each equal to `solve(problem)`.
    public func solve(batch: [ConsensusProblem]) -> [Solution] {
        solve(batch: batch, threadCount: nil)
    }

    /// Solves many problems at once on at most `threadCount` threads (`nil`: every core).
    ///
    /// - Returns: one solution per problem, in order; each equal to `solve(problem)`.
    public func solve(batch: [ConsensusProblem], threadCount: Int?) -> [Solution] {
        let chunks = Self.chunks(batch)
        var results = [Solution?](repeating: nil, count: batch.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each chunk writes only its own problems' slots.
            let out = DisjointWrites(buffer: buffer)
            let work = { @Sendable (c: Int) in
                let chunk = chunks[c]
                let lanes = chunk.indices.map { Self.lane(batch[$0], settings) }
                let n = batch[chunk.indices[0]].candidateCount
                let kernelResults = runSolverKernel(width: chunk.width, n: n, lanes: lanes, settings: settings, schedule: schedule)
                for (slot, index) in chunk.indices.enumerated() {
                    out.buffer[index] = solution(batch[index], lanes[slot], kernelResults[slot])
                }
            }
            let threads = max(1, threadCount ?? chunks.count)
            if threads == 1 || chunks.count <= 1 {
                for c in chunks.indices { work(c) }
            } else if threadCount == nil {
                DispatchQueue.concurrentPerform(iterations: chunks.count, execute: work)
            } else {
                DispatchQueue.concurrentPerform(iterations: min(threads, chunks.count)) { first in
                    for c in stride(from: first, to: chunks.count, by: threads) { work(c) }
                }
            }
        }
        return results.map { $0! }
    }

    /// A group of at most 8 problems with the same number of candidates, and the SIMD width
    /// (8, 4 or 2) that solves it.
    struct Chunk: Sendable {
        var indices: [Int]
        var width: Int
    }

    /// Groups the problems by candidate count, then cuts each group into vectors of 8, then 4,
    /// then 2 lanes (the last one padded).
    static func chunks(_ batch: [ConsensusProblem]) -> [Chunk] {
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for (index, problem) in batch.enumerated() {
            let n = problem.candidateCount
            if groups[n] == nil { order.append(n) }
            groups[n, default: []].append(index)
        }
        var chunks: [Chunk] = []
        for n in order {
            var rest = groups[n]![...]
            while !rest.isEmpty {
                let width = rest.count >= 8 ? 8 : rest.count >= 4 ? 4 : 2
                let take = min(width, rest.count)
                chunks.append(Chunk(indices: Array(rest.prefix(take)), width: width))
                rest = rest.dropFirst(take)
            }
        }
        return chunks
    }

    static func lane(_ problem: ConsensusProblem, _ settings: SolverSettings) -> SolverLane {
        let logInitial = problem.initialLogPolicies(settings.normalization)
        return SolverLane(logInitial: logInitial, initial: logInitial.probabilities)
    }

    func solution(_ problem: ConsensusProblem, _ lane: SolverLane, _ result: SolverLaneResult) -> Solution {
        let game = RegularizedGame(logInitial: lane.logInitial, lambdaGenerator: settings.lambdaGenerator,
                                   lambdaDiscriminator: settings.lambdaDiscriminator)
        return Solution(
            problem: problem, initial: lane.initial, lastIterate: result.last, averageIterate: result.average,
            exploitability: result.exploitability ?? game.exploitability(of: result.last),
            initialExploitability: game.exploitability(of: lane.initial),
            averageExploitability: game.exploitability(of: result.average),
            trajectory: result.trajectory, settings: settings, iterationsUsed: result.iterations, converged: result.converged)
    }
}

/// A buffer that several threads write at distinct indices (never the same one), so that sharing
/// it is safe although the compiler cannot prove it.
private struct DisjointWrites<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
}
