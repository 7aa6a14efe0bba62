// The solver's inner loop: the kernel, the lane helpers it uses and the vectorised exponential,
// in one file on purpose. Debug builds compile each file separately (no whole-module
// optimisation), and generic code can only be specialised and inlined when its body is in the
// same file as the call: split apart, the debug solver ran about 1000 times slower than release.

/// One problem's inputs to ``PiKLKernel``: the initial policies in log space and as probabilities.
struct PiKLLane: Sendable {
    var logInitial: LogPolicyPair
    var initial: PolicyPair
}

/// One problem's outputs from ``PiKLKernel``.
struct PiKLLaneResult: Sendable {
    var last: PolicyPair
    var average: PolicyPair
    var trajectory: [ExploitabilityPoint]
}

/// Runs the kernel of SIMD width `width` (2, 4 or 8 lanes) on `lanes`. Non-generic, so that
/// callers in other files reach a specialisation compiled in this file.
func runPiKLKernel(
    width: Int, n: Int, lanes: [PiKLLane], settings: SolverSettings, schedule: PiKLSchedule
) -> [PiKLLaneResult] {
    switch width {
    case 8: PiKLKernel<SIMD8<Double>>(settings: settings, schedule: schedule).run(n: n, lanes: lanes)
    case 4: PiKLKernel<SIMD4<Double>>(settings: settings, schedule: schedule).run(n: n, lanes: lanes)
    case 2: PiKLKernel<SIMD2<Double>>(settings: settings, schedule: schedule).run(n: n, lanes: lanes)
    default: preconditionFailure("no kernel of width \(width)")
    }
}

/// The piKL iteration for up to `V.scalarCount` problems with the same number of candidates and
/// the same settings, one problem per SIMD lane (structure of arrays).
///
/// Every lane does exactly the same floating-point operations as it would alone, so a problem's
/// result does not depend on the vector width or on its neighbours in the batch.
///
/// Per iteration and lane: 2n exponentials for the generator's two softmaxes, n for the
/// discriminator's logistic functions, and n + 2 divisions.
struct PiKLKernel<V: DoubleLanes> {
    let settings: SolverSettings
    let schedule: PiKLSchedule

    /// Buffers of the state, each an array of V in one allocation.
    private struct State {
        let n: Int
        let logG, deltaLogD, pG, pDc, pDi, sumG, sumDc, sumDi, maxLogG: UnsafeMutablePointer<V>
        let storage: UnsafeMutablePointer<V>

        init(n: Int) {
            self.n = n
            let capacity = 11 * n + 2
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
        }
    }

    /// Runs T iterations on `lanes` (1 … V.scalarCount problems, all with `n` candidates); unused
    /// lanes repeat the first problem and are discarded.
    func run(n: Int, lanes: [PiKLLane]) -> [PiKLLaneResult] {
        precondition(!lanes.isEmpty && lanes.count <= V.scalarCount)
        let s = State(n: n)
        defer { s.storage.deallocate() }
        load(lanes, into: s)

        let games = lanes.map {
            RegularizedGame(logInitial: $0.logInitial, lambdaGenerator: settings.lambdaGenerator,
                            lambdaDiscriminator: settings.lambdaDiscriminator)
        }
        var trajectories = [[ExploitabilityPoint]](repeating: [], count: lanes.count)
        func record(_ t: Int) {
            for l in lanes.indices {
                let pair = Self.extract(lane: l, n: n, pG: s.pG, pDc: s.pDc, pDi: s.pDi, divisor: 1)
                trajectories[l].append(ExploitabilityPoint(iteration: t, exploitability: games[l].exploitability(of: pair)))
            }
        }
        let interval = settings.exploitabilityInterval
        let iterations = settings.iterations
        if interval != nil { record(0) }
        if iterations > 0 {
            for t in 1...iterations {
                step(schedule.steps[t - 1], s)
                if let k = interval, t % k == 0 || t == iterations { record(t) }
            }
        }

        // The average of π⁽¹⁾ … π⁽ᵀ⁺¹⁾.
        addToSums(s)
        let count = Double(iterations + 1)
        return lanes.indices.map { l in
            PiKLLaneResult(
                last: Self.extract(lane: l, n: n, pG: s.pG, pDc: s.pDc, pDi: s.pDi, divisor: 1),
                average: Self.extract(lane: l, n: n, pG: s.sumG, pDc: s.sumDc, pDi: s.sumDi, divisor: count),
                trajectory: trajectories[l])
        }
    }

    /// Writes the lanes' initial policies into the state.
    private func load(_ lanes: [PiKLLane], into s: State) {
        let n = s.n
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
            }
            s.maxLogG[0][l] = logInitial.generator.correct.max()!
            s.maxLogG[1][l] = logInitial.generator.incorrect.max()!
        }
    }

    /// Adds the current policies to the running sums.
    @inline(always)
    private func addToSums(_ s: State) {
        for i in 0..<(2 * s.n) { s.sumG[i] += s.pG[i] }
        for y in 0..<s.n {
            s.sumDc[y] += s.pDc[y]
            s.sumDi[y] += s.pDi[y]
        }
    }

    /// Iteration t: from π⁽ᵗ⁾ (in the state) to π⁽ᵗ⁺¹⁾, with iteration t's coefficients.
    @inline(always)
    private func step(_ c: PiKLSchedule.Step, _ s: State) {
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

    /// Lane `l` of the policy buffers, divided by `divisor` (a division, not a multiplication by
    /// the reciprocal, so that no probability exceeds 1).
    static func extract(
        lane l: Int, n: Int, pG: UnsafeMutablePointer<V>, pDc: UnsafeMutablePointer<V>,
        pDi: UnsafeMutablePointer<V>, divisor: Double
    ) -> PolicyPair {
        PolicyPair(
            generator: ByCorrectness(
                correct: (0..<n).map { pG[$0][l] / divisor },
                incorrect: (0..<n).map { pG[n + $0][l] / divisor }),
            discriminator: ByCorrectness(
                correct: (0..<n).map { pDc[$0][l] / divisor },
                incorrect: (0..<n).map { pDi[$0][l] / divisor }))
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
        let r = multiplyAdd(sumDifference, alpha, deltaLog * gamma)
        let e = r.negativeMagnitude.exp()
        let large = 1 / (1 + e)
        let small = e * large
        // r < 0: `correct` is the likelier label.
        return (small.replacing(with: large, whereNegative: r), large.replacing(with: small, whereNegative: r))
    }

    /// e^x, lane by lane, for x ≤ 660, accurate to about 1 ulp (see ``VectorExp``).
    @inline(always)
    func exp() -> Self { VectorExp.exp(self) }
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
