// The solvers' inner loops: the kernel (piKL and extragradient steps, the target-exploitability
// checks), the lane helpers they use and the vectorised exponential and logarithm, in one file
// on purpose. Debug builds compile each file separately (no whole-module optimisation), and
// generic code can only be specialised and inlined when its body is in the same file as the
// call: split apart, the debug solver ran about 1000 times slower than release. So the file is
// long; each part is marked.

/// One problem's inputs to ``SolverKernel``: the initial policies in log space and as probabilities.
struct SolverLane: Sendable {
    var logInitial: LogPolicyPair
    var initial: PolicyPair
}

/// One problem's outputs from ``SolverKernel``.
struct SolverLaneResult: Sendable {
    var last: PolicyPair
    var average: PolicyPair
    var trajectory: [ExploitabilityPoint]
    /// The updates done: the settings' iterations, or fewer when the target was reached.
    var iterations: Int
    /// Whether the target exploitability was reached; `nil` without a target.
    var converged: Bool?
    /// The exploitability of `last` when the kernel computed it (to decide on the target).
    var exploitability: Double?
}

/// Runs the kernel of SIMD width `width` (2, 4 or 8 lanes) on `lanes`. Non-generic, so that
/// callers in other files reach a specialisation compiled in this file. `schedule` is required
/// for piKL and ignored by the extragradient solver.
func runSolverKernel(
    width: Int, n: Int, lanes: [SolverLane], settings: SolverSettings, schedule: PiKLSchedule?
) -> [SolverLaneResult] {
    switch width {
    case 8: SolverKernel<SIMD8<Double>>(settings: settings, schedule: schedule).run(n: n, lanes: lanes)
    case 4: SolverKernel<SIMD4<Double>>(settings: settings, schedule: schedule).run(n: n, lanes: lanes)
    case 2: SolverKernel<SIMD2<Double>>(settings: settings, schedule: schedule).run(n: n, lanes: lanes)
    default: preconditionFailure("no kernel of width \(width)")
    }
}

/// The equilibrium search for up to `V.scalarCount` problems with the same number of candidates
/// and the same settings, one problem per SIMD lane (structure of arrays): piKL or
/// extragradient, for a fixed number of iterations or until a target exploitability.
///
/// Every lane does exactly the same floating-point operations as it would alone, so a problem's
/// result does not depend on the vector width or on its neighbours in the batch. With a target,
/// the decision to stop a lane reads that lane only, and its result is taken at that point;
/// the vector goes on until every lane has stopped (or the cap), and the lanes that stopped
/// earlier are not read again.
///
/// Per iteration and lane, piKL: 2n exponentials for the generator's two softmaxes, n for the
/// discriminator's logistic functions, and n + 2 divisions; extragradient: twice that (an
/// extrapolation and an update).
struct SolverKernel<V: DoubleLanes> {
    let settings: SolverSettings
    let schedule: PiKLSchedule?

    /// Buffers of the state, each an array of V in one allocation.
    private struct State {
        let n: Int
        // Both solvers.
        let logG, deltaLogD, pG, pDc, pDi, sumG, sumDc, sumDi, maxLogG: UnsafeMutablePointer<V>
        // The exploitability estimate.
        let logDc, logDi, scratch: UnsafeMutablePointer<V>
        // The extragradient solver.
        let shiftedLogG, rhoG, rhoD, barG, barDc, barDi: UnsafeMutablePointer<V>
        let storage: UnsafeMutablePointer<V>

        init(n: Int) {
            self.n = n
            let capacity = 23 * n + 2
            storage = .allocate(capacity: capacity)
            storage.initialize(repeating: V(), count: capacity)
            var next = storage
            func take(_ count: Int) -> UnsafeMutablePointer<V> {
                defer { next += count }
                return next
            }
            logG = take(2 * n)  // log π_G¹(y | v) at v·n + y
            deltaLogD = take(n)  // log π_D¹(incorrect | y) − log π_D¹(correct | y)
            pG = take(2 * n)  // the current π_G(y | v) at v·n + y
            pDc = take(n)  // the current π_D(correct | y)
            pDi = take(n)  // the current π_D(incorrect | y)
            sumG = take(2 * n)  // Σ_τ π_G⁽τ⁾(y | v) at v·n + y
            sumDc = take(n)  // Σ_τ π_D⁽τ⁾(correct | y)
            sumDi = take(n)  // Σ_τ π_D⁽τ⁾(incorrect | y)
            maxLogG = take(2)  // max_y log π_G¹(y | v), for v = correct, incorrect
            logDc = take(n)  // log π_D¹(correct | y)
            logDi = take(n)  // log π_D¹(incorrect | y)
            scratch = take(n)
            shiftedLogG = take(2 * n)  // log π_G¹(y | v) − (max_y log π_G¹(y | v) + 1/(2λ_G))
            rhoG = take(2 * n)  // ρ_G(y | v) = log π_G(y | v) − log π_G¹(y | v) + const_v
            rhoD = take(n)  // ρ_D(incorrect | y) − ρ_D(correct | y)
            barG = take(2 * n)  // the extrapolated generator, unnormalised
            barDc = take(n)  // the extrapolated π_D(correct | y)
            barDi = take(n)  // the extrapolated π_D(incorrect | y)
        }
    }

    /// Runs the iterations on `lanes` (1 … V.scalarCount problems, all with `n` candidates);
    /// unused lanes repeat the first problem and are discarded.
    func run(n: Int, lanes: [SolverLane]) -> [SolverLaneResult] {
        precondition(!lanes.isEmpty && lanes.count <= V.scalarCount)
        let s = State(n: n)
        defer { s.storage.deallocate() }
        load(lanes, into: s)

        let games = lanes.map {
            RegularizedGame(logInitial: $0.logInitial, lambdaGenerator: settings.lambdaGenerator,
                            lambdaDiscriminator: settings.lambdaDiscriminator)
        }
        let interval = settings.exploitabilityInterval
        let cap = settings.iterations
        let target = settings.targetExploitability
        let extragradient = settings.solver == .extragradient ? ExtragradientStep(settings) : nil
        let piKL = extragradient == nil ? schedule! : nil

        var trajectories = [[ExploitabilityPoint]](repeating: [], count: lanes.count)
        var results = [SolverLaneResult?](repeating: nil, count: lanes.count)
        var stopped = [Bool](repeating: false, count: lanes.count)
        var running = lanes.count
        func current(_ l: Int) -> PolicyPair {
            Self.extract(lane: l, n: n, pG: s.pG, pDc: s.pDc, pDi: s.pDi)
        }
        func record(_ t: Int) {
            for l in lanes.indices where !stopped[l] {
                trajectories[l].append(ExploitabilityPoint(iteration: t, exploitability: games[l].exploitability(of: current(l))))
            }
        }
        // Lane l stops after t updates with last iterate `last` (and its exploitability, if known).
        func stop(_ l: Int, _ t: Int, last: PolicyPair, exploitability known: Double?, converged: Bool?) {
            var exploitability = known
            if interval != nil, trajectories[l].last?.iteration != t {
                let value = known ?? games[l].exploitability(of: last)
                exploitability = value
                trajectories[l].append(ExploitabilityPoint(iteration: t, exploitability: value))
            }
            stopped[l] = true
            results[l] = SolverLaneResult(
                last: last, average: Self.average(lane: l, s, count: Double(t + 1)),
                trajectory: trajectories[l], iterations: t, converged: converged, exploitability: exploitability)
            running -= 1
        }
        // With a target: stop the lanes whose last iterate is within it. The vectorised estimate
        // spares most lanes the exact (scalar) exploitability; the decision is the exact one.
        func check(_ t: Int) {
            guard let target else { return }
            let estimate = exploitabilityEstimate(s)
            for l in lanes.indices where !stopped[l] && estimate[l] <= Self.estimateThreshold(target) {
                let last = current(l)
                let exploitability = games[l].exploitability(of: last)
                if exploitability <= target {
                    stop(l, t, last: last, exploitability: exploitability, converged: true)
                }
            }
        }

        var t = 0
        var nextCheck = Self.check(after: 0)
        // After iteration t: the trajectory and the target.
        func observe() {
            if let k = interval, t % k == 0 { record(t) }
            if t == nextCheck {
                check(t)
                nextCheck = Self.check(after: t)
            }
        }
        if interval != nil { record(0) }
        check(0)
        // One loop per solver, so that the hot loop has no dispatch.
        let observing = interval != nil || target != nil
        if let extragradient {
            while running > 0 && t < cap {
                t += 1
                extragradientStep(extragradient, s)
                if observing { observe() }
            }
        } else if let piKL {
            while running > 0 && t < cap {
                t += 1
                piKLStep(piKL.step(t), s)
                if observing { observe() }
            }
        }
        for l in lanes.indices where !stopped[l] {
            let last = current(l)
            if let target {
                let exploitability = games[l].exploitability(of: last)
                stop(l, t, last: last, exploitability: exploitability, converged: exploitability <= target)
            } else {
                stop(l, t, last: last, exploitability: nil, converged: nil)
            }
        }
        return results.map { $0! }
    }

    /// With a target exploitability, the iteration after which the lanes are checked next:
    /// every 10 iterations up to 160, then every t/16 (so a solve stops at most 1/16 of its
    /// length, or 10 iterations, after it reached the target).
    static func check(after t: Int) -> Int {
        t + max(10, t / 16)
    }

    /// The estimate below which a lane's exact exploitability is computed: twice the target,
    /// plus 1e-12 for the rounding of the estimate (about 1e-14 on the tests' games).
    static func estimateThreshold(_ target: Double) -> Double {
        2 * target + 1e-12
    }

    /// Writes the lanes' initial policies into the state.
    private func load(_ lanes: [SolverLane], into s: State) {
        let n = s.n
        let generatorSlack = 0.5 / settings.lambdaGenerator
        for l in 0..<V.scalarCount {
            let lane = lanes[l < lanes.count ? l : 0]
            let logInitial = lane.logInitial, initial = lane.initial
            for y in 0..<n {
                s.logG[y][l] = logInitial.generator.correct[y]
                s.logG[n + y][l] = logInitial.generator.incorrect[y]
                s.deltaLogD[y][l] = logInitial.discriminator.incorrect[y] - logInitial.discriminator.correct[y]
                s.pG[y][l] = initial.generator.correct[y]
                s.pG[n + y][l] = initial.generator.incorrect[y]
                s.pDc[y][l] = initial.discriminator.correct[y]
                s.pDi[y][l] = initial.discriminator.incorrect[y]
                s.logDc[y][l] = logInitial.discriminator.correct[y]
                s.logDi[y][l] = logInitial.discriminator.incorrect[y]
            }
            s.maxLogG[0][l] = logInitial.generator.correct.max()!
            s.maxLogG[1][l] = logInitial.generator.incorrect.max()!
            for y in 0..<n {
                s.shiftedLogG[y][l] = s.logG[y][l] - (s.maxLogG[0][l] + generatorSlack)
                s.shiftedLogG[n + y][l] = s.logG[n + y][l] - (s.maxLogG[1][l] + generatorSlack)
            }
        }
    }

    /// Lane `l` of the current policies.
    static func extract(
        lane l: Int, n: Int, pG: UnsafeMutablePointer<V>, pDc: UnsafeMutablePointer<V>, pDi: UnsafeMutablePointer<V>
    ) -> PolicyPair {
        PolicyPair(
            generator: ByCorrectness(correct: (0..<n).map { pG[$0][l] }, incorrect: (0..<n).map { pG[n + $0][l] }),
            discriminator: ByCorrectness(correct: (0..<n).map { pDc[$0][l] }, incorrect: (0..<n).map { pDi[$0][l] }))
    }

    /// Lane `l` of the average iterate: (Σ_τ π⁽τ⁾ + π_current) / `count`, a division (not a
    /// multiplication by the reciprocal), so that no probability exceeds 1.
    private static func average(lane l: Int, _ s: State, count: Double) -> PolicyPair {
        let n = s.n
        func mean(_ sum: UnsafeMutablePointer<V>, _ p: UnsafeMutablePointer<V>, _ offset: Int) -> [Double] {
            (0..<n).map { (sum[offset + $0][l] + p[offset + $0][l]) / count }
        }
        return PolicyPair(
            generator: ByCorrectness(correct: mean(s.sumG, s.pG, 0), incorrect: mean(s.sumG, s.pG, n)),
            discriminator: ByCorrectness(correct: mean(s.sumDc, s.pDc, 0), incorrect: mean(s.sumDi, s.pDi, 0)))
    }

    // MARK: - piKL

    /// piKL iteration t: from π⁽ᵗ⁾ (in the state) to π⁽ᵗ⁺¹⁾, with iteration t's coefficients.
    @inline(always)
    private func piKLStep(_ c: PiKLSchedule.Step, _ s: State) {
        let n = s.n
        // Exponent = (Σπ/(2t) + λ log π¹) / (1/(ηt) + λ) = Σπ·α + log π¹·γ, where the sums run
        // over π⁽¹⁾ … π⁽ᵗ⁾.
        let alphaG = V(repeating: c.alphaGenerator), gammaG = V(repeating: c.gammaGenerator)
        let alphaD = V(repeating: c.alphaDiscriminator), gammaD = V(repeating: c.gammaDiscriminator)

        // Generator, over y for each v: π_G(y | v) ∝ exp(z), z = Σ_τ π_D(v | y)·α + log π_G¹(y | v)·γ,
        // computed as e^(z − m) with a shift m. z lies in [max log π¹·γ, max log π¹·γ + β/2]
        // (Σπ_D·α ∈ [0, β/2] and log π¹ ≤ 0), so while β/2 is small that upper bound serves as m
        // (the largest e^(z − m) is then at least e^-64) and z − m is computed in one pass, fused.
        // Otherwise m is the maximum, found in a first pass, and z − m ≤ 0 is computed exactly.
        let halfBeta = c.halfBetaGenerator
        var totalC = V(), totalI = V()
        if halfBeta <= Self.maximumShiftSlack {
            let minusShiftC = -V.multiplyAdd(s.maxLogG[0], gammaG, V(repeating: halfBeta))
            let minusShiftI = -V.multiplyAdd(s.maxLogG[1], gammaG, V(repeating: halfBeta))
            for y in 0..<n {
                // Add π⁽ᵗ⁾ to the sums.
                let sDc = s.sumDc[y] + s.pDc[y], sDi = s.sumDi[y] + s.pDi[y]
                let sGc = s.sumG[y] + s.pG[y], sGi = s.sumG[n + y] + s.pG[n + y]
                s.sumDc[y] = sDc
                s.sumDi[y] = sDi
                s.sumG[y] = sGc
                s.sumG[n + y] = sGi
                let eC = V.multiplyAdd(sDc, alphaG, V.multiplyAdd(s.logG[y], gammaG, minusShiftC)).exp()
                let eI = V.multiplyAdd(sDi, alphaG, V.multiplyAdd(s.logG[n + y], gammaG, minusShiftI)).exp()
                s.pG[y] = eC
                s.pG[n + y] = eI
                totalC += eC
                totalI += eI
                // Discriminator (see ``discriminatorProbabilities``).
                let (pC, pI) = V.discriminatorProbabilities(sGi - sGc, s.deltaLogD[y], alphaD, gammaD)
                s.pDc[y] = pC
                s.pDi[y] = pI
            }
        } else {
            var shiftC = V(repeating: -.infinity), shiftI = V(repeating: -.infinity)
            for y in 0..<n {
                let sDc = s.sumDc[y] + s.pDc[y], sDi = s.sumDi[y] + s.pDi[y]
                s.sumDc[y] = sDc
                s.sumDi[y] = sDi
                s.sumG[y] += s.pG[y]
                s.sumG[n + y] += s.pG[n + y]
                let zC = V.multiplyAdd(sDc, alphaG, s.logG[y] * gammaG)
                let zI = V.multiplyAdd(sDi, alphaG, s.logG[n + y] * gammaG)
                s.pG[y] = zC
                s.pG[n + y] = zI
                shiftC = shiftC.lanewiseMaximum(zC)
                shiftI = shiftI.lanewiseMaximum(zI)
            }
            for y in 0..<n {
                let eC = (s.pG[y] - shiftC).exp(), eI = (s.pG[n + y] - shiftI).exp()
                s.pG[y] = eC
                s.pG[n + y] = eI
                totalC += eC
                totalI += eI
                // Discriminator (see ``discriminatorProbabilities``).
                let (pC, pI) = V.discriminatorProbabilities(s.sumG[n + y] - s.sumG[y], s.deltaLogD[y], alphaD, gammaD)
                s.pDc[y] = pC
                s.pDi[y] = pI
            }
        }

        // Normalise the generator's rows (the totals lie in [e^-64, n]). e·(1/T) can exceed 1
        // by an ulp when one candidate holds all the mass; e·(1/nextUp(T)) cannot: with
        // u = 2^-53, T·fl(1/nextUp(T)) ≤ (1 + u)/(1 + ulp(T)/T) ≤ 1, and rounding is monotone.
        let inverseTotalC = 1 / totalC.nextUp, inverseTotalI = 1 / totalI.nextUp
        for y in 0..<n {
            s.pG[y] *= inverseTotalC
            s.pG[n + y] *= inverseTotalI
        }
    }

    /// The largest gap allowed between the generator's shift and its largest exponent
    /// (e^-64 ≈ 1.6e-28: the sum of the exponentials cannot underflow).
    static var maximumShiftSlack: Double { 64 }


    // MARK: - Extragradient

    /// Extragradient iteration t: from π⁽ᵗ⁾ (in the state) to π⁽ᵗ⁺¹⁾.
    ///
    /// The state holds ρ_G(y | v) = log π_G(y | v) − log π_G¹(y | v) (up to a constant per v) and
    /// ρ_D(y), the discriminator's log-odds log π_D(incorrect | y)/π_D(correct | y) minus π_D¹'s.
    /// Extrapolation: ρ̄ = w·ρ + κ·(the opponent's π⁽ᵗ⁾), giving π̄; update:
    /// ρ ← w·ρ + κ·(the opponent's π̄), giving π⁽ᵗ⁺¹⁾ (see ``ExtragradientStep``).
    @inline(always)
    private func extragradientStep(_ c: ExtragradientStep, _ s: State) {
        let n = s.n
        let wG = V(repeating: c.weightGenerator), kG = V(repeating: c.gainGenerator)
        let wD = V(repeating: c.weightDiscriminator), kD = V(repeating: c.gainDiscriminator)

        // 1. Extrapolation, with the gradient at π⁽ᵗ⁾; π⁽ᵗ⁾ joins the running sums. The generator's
        // exponent is log π_G¹ + ρ̄_G minus a shift: with the bound (see ``ExtragradientStep``)
        // it is ρ̄_G + `shiftedLogG`, exponentiated in the same pass; otherwise the maximum,
        // found in a first pass. `barG` keeps the extrapolated generator unnormalised.
        var totalC = V(), totalI = V()
        if c.generatorShiftIsBound {
            for y in 0..<n {
                let pDc = s.pDc[y], pDi = s.pDi[y], pGc = s.pG[y], pGi = s.pG[n + y]
                s.sumDc[y] += pDc
                s.sumDi[y] += pDi
                s.sumG[y] += pGc
                s.sumG[n + y] += pGi
                let eC = V.multiplyAdd(pDc, kG, V.multiplyAdd(s.rhoG[y], wG, s.shiftedLogG[y])).exp()
                let eI = V.multiplyAdd(pDi, kG, V.multiplyAdd(s.rhoG[n + y], wG, s.shiftedLogG[n + y])).exp()
                s.barG[y] = eC
                s.barG[n + y] = eI
                totalC += eC
                totalI += eI
                let (dC, dI) = V.logistic(s.deltaLogD[y] + V.multiplyAdd(pGi - pGc, kD, s.rhoD[y] * wD))
                s.barDc[y] = dC
                s.barDi[y] = dI
            }
        } else {
            var shiftC = V(repeating: -.infinity), shiftI = V(repeating: -.infinity)
            for y in 0..<n {
                let pDc = s.pDc[y], pDi = s.pDi[y], pGc = s.pG[y], pGi = s.pG[n + y]
                s.sumDc[y] += pDc
                s.sumDi[y] += pDi
                s.sumG[y] += pGc
                s.sumG[n + y] += pGi
                let zC = s.logG[y] + V.multiplyAdd(pDc, kG, s.rhoG[y] * wG)
                let zI = s.logG[n + y] + V.multiplyAdd(pDi, kG, s.rhoG[n + y] * wG)
                s.barG[y] = zC
                s.barG[n + y] = zI
                shiftC = shiftC.lanewiseMaximum(zC)
                shiftI = shiftI.lanewiseMaximum(zI)
                let (dC, dI) = V.logistic(s.deltaLogD[y] + V.multiplyAdd(pGi - pGc, kD, s.rhoD[y] * wD))
                s.barDc[y] = dC
                s.barDi[y] = dI
            }
            for y in 0..<n {
                let eC = (s.barG[y] - shiftC).exp(), eI = (s.barG[n + y] - shiftI).exp()
                s.barG[y] = eC
                s.barG[n + y] = eI
                totalC += eC
                totalI += eI
            }
        }

        // 2. Update, with the gradient at the extrapolated point. The discriminator reads π̄_G
        // as `barG` times the inverse totals, folded into its gain.
        let gainC = -kD / totalC, gainI = kD / totalI
        totalC = V()
        totalI = V()
        if c.generatorShiftIsBound {
            for y in 0..<n {
                let rC = V.multiplyAdd(s.barDc[y], kG, s.rhoG[y] * wG)
                let rI = V.multiplyAdd(s.barDi[y], kG, s.rhoG[n + y] * wG)
                s.rhoG[y] = rC
                s.rhoG[n + y] = rI
                let eC = (s.shiftedLogG[y] + rC).exp(), eI = (s.shiftedLogG[n + y] + rI).exp()
                s.pG[y] = eC
                s.pG[n + y] = eI
                totalC += eC
                totalI += eI
                let rD = V.multiplyAdd(s.barG[n + y], gainI, V.multiplyAdd(s.barG[y], gainC, s.rhoD[y] * wD))
                s.rhoD[y] = rD
                let (pC, pI) = V.logistic(s.deltaLogD[y] + rD)
                s.pDc[y] = pC
                s.pDi[y] = pI
            }
        } else {
            var shiftC = V(repeating: -.infinity), shiftI = V(repeating: -.infinity)
            for y in 0..<n {
                let rC = V.multiplyAdd(s.barDc[y], kG, s.rhoG[y] * wG)
                let rI = V.multiplyAdd(s.barDi[y], kG, s.rhoG[n + y] * wG)
                s.rhoG[y] = rC
                s.rhoG[n + y] = rI
                let zC = s.logG[y] + rC, zI = s.logG[n + y] + rI
                s.pG[y] = zC
                s.pG[n + y] = zI
                shiftC = shiftC.lanewiseMaximum(zC)
                shiftI = shiftI.lanewiseMaximum(zI)
                let rD = V.multiplyAdd(s.barG[n + y], gainI, V.multiplyAdd(s.barG[y], gainC, s.rhoD[y] * wD))
                s.rhoD[y] = rD
                let (pC, pI) = V.logistic(s.deltaLogD[y] + rD)
                s.pDc[y] = pC
                s.pDi[y] = pI
            }
            for y in 0..<n {
                let eC = (s.pG[y] - shiftC).exp(), eI = (s.pG[n + y] - shiftI).exp()
                s.pG[y] = eC
                s.pG[n + y] = eI
                totalC += eC
                totalI += eI
            }
        }
        // As in piKL: e·(1/nextUp(T)) ≤ 1.
        let inverseTotalC = 1 / totalC.nextUp, inverseTotalI = 1 / totalI.nextUp
        for y in 0..<n {
            s.pG[y] *= inverseTotalC
            s.pG[n + y] *= inverseTotalI
        }
    }

    // MARK: - Exploitability estimate

    /// Each lane's exploitability of the current iterate, computed like
    /// ``RegularizedGame/exploitability(of:)`` (λ_G Σ_v KL[π_G ‖ b_G] + λ_D Σ_y KL[π_D ‖ b_D]) but
    /// with the vectorised exponential and logarithm: the same up to rounding (about 1e-14),
    /// and cheap enough to compute every 10 iterations. A filter only: whether a lane stops is
    /// decided by the exact value.
    private func exploitabilityEstimate(_ s: State) -> V {
        let n = s.n
        // p·(log p − log b) with p clamped for the logarithm and log b clamped above −∞, so that
        // a probability of 0 contributes 0 (and a p > 0 where b = 0 a huge gap, never below ε).
        let tiny = V(repeating: 1e-300), floor = V(repeating: -1e300)
        let halfOverLambdaG = V(repeating: 0.5 / settings.lambdaGenerator)
        let halfOverLambdaD = V(repeating: 0.5 / settings.lambdaDiscriminator)
        var generatorGap = V()
        for v in 0..<2 {
            let pD = v == 0 ? s.pDc : s.pDi
            // b_G(y | v) ∝ exp(z), z = log π_G¹(y | v) + ½ π_D(v | y)/λ_G.
            var shift = V(repeating: -.infinity)
            for y in 0..<n {
                let z = V.multiplyAdd(pD[y], halfOverLambdaG, s.logG[v * n + y])
                s.scratch[y] = z
                shift = shift.lanewiseMaximum(z)
            }
            var total = V()
            for y in 0..<n { total += (s.scratch[y] - shift).exp() }
            let logNormaliser = shift + total.log()
            for y in 0..<n {
                let p = s.pG[v * n + y]
                let logB = (s.scratch[y] - logNormaliser).lanewiseMaximum(floor)
                generatorGap = V.multiplyAdd(p, p.lanewiseMaximum(tiny).log() - logB, generatorGap)
            }
        }
        var discriminatorGap = V()
        for y in 0..<n {
            // b_D(v | y) ∝ exp(z_v), z_v = log π_D¹(v | y) + ½ π_G(y | v)/λ_D.
            let zC = V.multiplyAdd(s.pG[y], halfOverLambdaD, s.logDc[y])
            let zI = V.multiplyAdd(s.pG[n + y], halfOverLambdaD, s.logDi[y])
            let logNormaliser = zC.lanewiseMaximum(zI) + (1 + (zC - zI).negativeMagnitude.exp()).log()
            let pC = s.pDc[y], pI = s.pDi[y]
            let gapC = pC.lanewiseMaximum(tiny).log() - (zC - logNormaliser).lanewiseMaximum(floor)
            let gapI = pI.lanewiseMaximum(tiny).log() - (zI - logNormaliser).lanewiseMaximum(floor)
            discriminatorGap = V.multiplyAdd(pC, gapC, V.multiplyAdd(pI, gapI, discriminatorGap))
        }
        return generatorGap * V(repeating: settings.lambdaGenerator) + discriminatorGap * V(repeating: settings.lambdaDiscriminator)
    }
}

// MARK: - Lane helpers

extension DoubleLanes {
    /// a·b + c. A fused multiply-add on targets that have one in hardware (arm64, and x86-64 when
    /// built with the FMA instruction set, see Package.swift), otherwise a multiply and an add:
    /// a software fused multiply-add would be far slower.
    @inline(always)
    static func multiplyAdd(_ a: Self, _ b: Self, _ c: Self) -> Self {
        #if arch(arm64) || CONSENSUS_FMA
        return c.addingProduct(a, b)
        #else
        return a * b + c
        #endif
    }

    /// The IEEE bit patterns.
    @inline(always)
    var bits: Bits { unsafeBitCast(self, to: Bits.self) }

    /// The vector with these bit patterns.
    @inline(always)
    init(bits: Bits) { self = unsafeBitCast(bits, to: Self.self) }

    /// The lane-wise maximum; where `other` is not greater (or is NaN), `self`'s lane.
    @inline(always)
    func lanewiseMaximum(_ other: Self) -> Self {
        var result = self
        for i in 0..<Self.scalarCount { result[i] = other[i] > self[i] ? other[i] : self[i] }
        return result
    }

    /// The lane-wise minimum; where `other` is not smaller (or is NaN), `self`'s lane.
    @inline(always)
    func lanewiseMinimum(_ other: Self) -> Self {
        var result = self
        for i in 0..<Self.scalarCount { result[i] = other[i] < self[i] ? other[i] : self[i] }
        return result
    }

    /// Lane by lane, `other` where `selector` is negative (below −0) and `self` elsewhere.
    @inline(always)
    func replacing(with other: Self, whereNegative selector: Self) -> Self {
        var result = self
        for i in 0..<Self.scalarCount { result[i] = selector[i] < 0 ? other[i] : self[i] }
        return result
    }

    /// The next double above each lane, for positive finite lanes (adds 1 to the bit pattern).
    @inline(always)
    var nextUp: Self { Self(bits: bits &+ Bits(repeating: 1)) }

    /// −|x|, lane by lane (sets the sign bit).
    @inline(always)
    var negativeMagnitude: Self { Self(bits: bits | Bits(repeating: 0x8000_0000_0000_0000)) }

    /// The discriminator's policy for one candidate of the piKL kernel, a two-way softmax over v: a logistic
    /// function of r = z(incorrect) − z(correct) = (Σπ_G(y | i) − Σπ_G(y | c))·α + Δlog π_D¹·γ.
    /// With e = e^(−|r|) ∈ [0, 1], the likelier label gets 1/(1 + e) and the other e/(1 + e).
    /// One division per candidate (not a batch inversion shared by several), so that equal
    /// candidates keep exactly equal probabilities wherever they stand.
    ///
    /// - Returns: π_D(correct | y) and π_D(incorrect | y).
    @inline(always)
    static func discriminatorProbabilities(_ sumDifference: Self, _ deltaLog: Self, _ alpha: Self, _ gamma: Self) -> (Self, Self) {
        logistic(multiplyAdd(sumDifference, alpha, deltaLog * gamma))
    }

    /// A two-way softmax over v from the log-odds r = z(incorrect) − z(correct): with
    /// e = e^(−|r|) ∈ [0, 1], the likelier label gets 1/(1 + e) and the other e/(1 + e).
    ///
    /// - Returns: π_D(correct | y) and π_D(incorrect | y).
    @inline(always)
    static func logistic(_ r: Self) -> (Self, Self) {
        let e = r.negativeMagnitude.exp()
        let large = 1 / (1 + e)
        let small = e * large
        // r < 0: `correct` is the likelier label.
        return (small.replacing(with: large, whereNegative: r), large.replacing(with: small, whereNegative: r))
    }

    /// e^x, lane by lane, for x ≤ 660, accurate to about 1 ulp (see ``VectorExp``).
    @inline(always)
    func exp() -> Self { VectorExp.exp(self) }

    /// The natural logarithm, lane by lane, for positive normal x (see ``VectorLog``).
    @inline(always)
    func log() -> Self { VectorLog.log(self) }
}

// MARK: - Exponential

/// A vectorised natural exponential for the solver's inner loop.
///
/// Method: x is clamped below at −746; Cody–Waite range reduction x = k·ln 2 + r with
/// |r| ≤ ½ ln 2 (k rounded to nearest with the 1.5·2⁵² trick; ln 2 split into a high part with
/// 32 significant bits and a low part); e^r = 1 + r + r²·q(r) with q a degree-9 polynomial fitted
/// on Chebyshev nodes (mpmath, 50 digits) to (e^r − 1 − r)/r² and evaluated by Horner's scheme,
/// whose double-rounded coefficients leave an approximation error below 2e-17 relative; finally
/// the result is scaled by 2^(k+60) built in the exponent bits, then by 2^-60, so that results
/// below the smallest normal double round to subnormals or to 0 as they should.
///
/// Accuracy, measured against the C library's `exp` (see the tests): within 1 ulp for normal
/// results. Domain: x ≤ 660, not NaN (the solver only needs x ≤ 0; debug builds check it);
/// x ≤ −746 and -infinity give exactly 0.
enum VectorExp {
    static var log2e: Double { 1.4426950408889634 }
    static var ln2High: Double { 6.93147180369123816490e-01 }
    static var ln2Low: Double { 1.90821492927058770002e-10 }
    /// 1.5 · 2⁵²: adding it rounds to an integer held in the low mantissa bits.
    static var roundingShift: Double { 6755399441055744.0 }
    static var lowest: Double { -746 }
    static var highest: Double { 660 }
    /// 2^-60: undoes the exponent offset of 60 that keeps 2^(k+60) normal for k ≥ −1076.
    static var offsetScale: Double { 0x1p-60 }
    static var exponentBias: UInt64 { 1023 + 60 }

    /// e^x, lane by lane (see the type's description).
    @inline(always)
    static func exp<V: DoubleLanes>(_ x0: V) -> V {
        assert((0..<V.scalarCount).allSatisfy { x0[$0] <= highest }, "exp argument above \(highest) or NaN: \(x0)")
        let x = x0.lanewiseMaximum(V(repeating: lowest))
        let shift = V(repeating: roundingShift)
        let kShifted = V.multiplyAdd(x, V(repeating: log2e), shift)
        let k = kShifted - shift
        let r = V.multiplyAdd(k, V(repeating: -ln2Low), V.multiplyAdd(k, V(repeating: -ln2High), x))
        // q(r) ≈ (e^r − 1 − r)/r², by Horner's scheme from the highest degree (fewer instructions
        // than Estrin's: the batched solver is limited by throughput, not latency).
        var q = V(repeating: 2.5100569275813683e-08)
        q = V.multiplyAdd(q, r, V(repeating: 2.762032742826824e-07))
        q = V.multiplyAdd(q, r, V(repeating: 2.75572680728901e-06))
        q = V.multiplyAdd(q, r, V(repeating: 2.4801520792572694e-05))
        q = V.multiplyAdd(q, r, V(repeating: 0.00019841269863303223))
        q = V.multiplyAdd(q, r, V(repeating: 0.0013888888917538296))
        q = V.multiplyAdd(q, r, V(repeating: 0.008333333333330011))
        q = V.multiplyAdd(q, r, V(repeating: 0.04166666666662348))
        q = V.multiplyAdd(q, r, V(repeating: 0.16666666666666669))
        q = V.multiplyAdd(q, r, V(repeating: 0.5000000000000001))
        let r2 = r * r
        let expR = V(repeating: 1) + V.multiplyAdd(r2, q, r)
        // kShifted's low mantissa bits hold k in two's complement: k + 1083 shifted into the
        // exponent field is 2^(k+60).
        let scale = V(bits: (kShifted.bits &+ V.Bits(repeating: exponentBias)) &<< V.Bits(repeating: 52))
        return expR * scale * V(repeating: offsetScale)
    }
}

// MARK: - Logarithm

/// A vectorised natural logarithm, for the exploitability estimate only (the exact
/// exploitability uses the C library's).
///
/// Method (musl's `log`, with a Taylor series): x = 2^k·m with m in [√½, √2), read from the bits
/// (the exponent boundary moved to √2 by an integer offset); log m = 2 atanh(s) with
/// s = (m − 1)/(m + 1), |s| ≤ 0.1716, by the series 2(s + s³/3 + … + s²¹/21), whose remainder is
/// below 1e-18 relative, arranged so that the exact f = m − 1 carries the result;
/// log x = k·ln 2 + log m, with ln 2 in two parts (k·ln2High is exact).
///
/// Domain: positive normal doubles (the estimate clamps its inputs to at least 1e-300).
/// Accuracy against the C library: within 1 ulp on 400,000 points of [1e-300, 1e300] (see the
/// tests).
enum VectorLog {
    /// The bits of √½, where the reduced mantissa m starts.
    static var sqrtHalfBits: UInt64 { 0x3fe6_a09e_667f_3bcd }

    /// log x, lane by lane (see the type's description).
    @inline(always)
    static func log<V: DoubleLanes>(_ x: V) -> V {
        let mantissaMask = V.Bits(repeating: 0x000f_ffff_ffff_ffff)
        // Adding 1.0's bits minus √½'s carries mantissas ≥ √2 into the next binade.
        let u = x.bits &+ V.Bits(repeating: 0x3ff0_0000_0000_0000 &- sqrtHalfBits)
        let m = V(bits: (u & mantissaMask) &+ V.Bits(repeating: sqrtHalfBits))
        // k + 1023, an integer below 2^11, in the low mantissa bits of 2^52.
        let biased = V(bits: (u &>> V.Bits(repeating: 52)) | V.Bits(repeating: 0x4330_0000_0000_0000))
        let k = biased - V(repeating: 0x1p52 + 1023)
        // f = m − 1 is exact; s = f/(2 + f) = (m − 1)/(m + 1).
        let f = m - 1
        let s = f / (f + 2)
        let z = s * s
        // q(z) = 2/3 + 2z/5 + … + 2z⁹/21, so that 2 atanh(s) = 2s + s·z·q.
        var q = V(repeating: 2.0 / 21)
        q = V.multiplyAdd(q, z, V(repeating: 2.0 / 19))
        q = V.multiplyAdd(q, z, V(repeating: 2.0 / 17))
        q = V.multiplyAdd(q, z, V(repeating: 2.0 / 15))
        q = V.multiplyAdd(q, z, V(repeating: 2.0 / 13))
        q = V.multiplyAdd(q, z, V(repeating: 2.0 / 11))
        q = V.multiplyAdd(q, z, V(repeating: 2.0 / 9))
        q = V.multiplyAdd(q, z, V(repeating: 2.0 / 7))
        q = V.multiplyAdd(q, z, V(repeating: 2.0 / 5))
        q = V.multiplyAdd(q, z, V(repeating: 2.0 / 3))
        // log m = f − f²/2 + s·(f²/2 + z·q) (as in musl: 2s = f − s·f and s·f = (f²/2)(1 − s)),
        // so that the exact f carries the result and the rounding falls on small terms.
        let halfSquare = V(repeating: 0.5) * f * f
        let small = V.multiplyAdd(s, V.multiplyAdd(z, q, halfSquare), k * V(repeating: VectorExp.ln2Low))
        return V.multiplyAdd(k, V(repeating: VectorExp.ln2High), (small - halfSquare) + f)
    }
}
