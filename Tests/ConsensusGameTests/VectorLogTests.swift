@testable import ConsensusGame
import ConsensusScoring
import Testing

/// The vectorised logarithm of the exploitability estimate against the C library's.
@Suite("Vectorised logarithm")
struct VectorLogTests {
    @Test("within 1 ulp of the C library, from 1e-300 to 1e300")
    func accuracy() {
        var random = SplitMix64(seed: 4)
        var points = (0..<200_000).map { i in Double.pow10(-300 + 600 * Double(i) / 200_000) }
        points += (0..<100_000).map { _ in Double.random(in: 0.5...2, using: &random) }
        points += (0..<100_000).map { _ in Double.random(in: 1e-6...1, using: &random) }
        var worst = 0.0, worstAt = 0.0
        for start in stride(from: 0, to: points.count, by: 8) {
            var x = SIMD8<Double>()
            for l in 0..<8 { x[l] = points[start + l] }
            let y = VectorLog.log(x)
            for l in 0..<8 {
                let expected = logarithm(x[l])
                let error = y[l] == expected ? 0 : abs(y[l] - expected) / expected.ulp
                if error > worst { (worst, worstAt) = (error, x[l]) }
            }
        }
        #expect(worst <= 1, "worst error \(worst) ulp at x = \(worstAt)")
    }

    @Test("exact values, and every lane and width computes the same value")
    func exactAndLaneIndependent() {
        #expect(VectorLog.log(SIMD2<Double>(1, 2))[0] == 0)
        let values: [Double] = [1e-300, 0.3, 1, 2.5, 1e-9, 0.999999, 1.4142135623730951, 7e200]
        var eight = SIMD8<Double>()
        for l in 0..<8 { eight[l] = values[l] }
        let y8 = VectorLog.log(eight)
        for (l, v) in values.enumerated() {
            #expect(VectorLog.log(SIMD2<Double>(v, 1))[0] == y8[l])
            #expect(VectorLog.log(SIMD4<Double>(1, 2, v, 3))[2] == y8[l])
        }
    }
}

extension Double {
    /// 10^x.
    static func pow10(_ x: Double) -> Double { exponential(x * logarithm(10)) }
}
