@testable import ConsensusGame
import ConsensusScoring
import Testing

/// The solver's own vectorised exponential against the C library's.
@Suite("Vectorised exponential")
struct VectorExpTests {
    /// |a − b| in units in the last place of b.
    static func ulps(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / b.ulp
    }

    @Test("within 1 ulp of the C library on [-745, 660]")
    func accuracy() {
        var random = SplitMix64(seed: 3)
        var worst = 0.0, worstAt = 0.0
        let points = (0..<400_000).map { i -> Double in
            i < 200_000 ? -745 + 1405 * Double(i) / 200_000 : Double.random(in: -40...1, using: &random)
        }
        for start in stride(from: 0, to: points.count, by: 8) {
            var x = SIMD8<Double>()
            for l in 0..<8 { x[l] = points[start + l] }
            let y = VectorExp.exp(x)
            for l in 0..<8 {
                let expected = exponential(x[l])
                let error = expected >= Double.leastNormalMagnitude
                    ? Self.ulps(y[l], expected)
                    : abs(y[l] - expected) / Double.leastNonzeroMagnitude  // subnormal results
                if error > worst { (worst, worstAt) = (error, x[l]) }
            }
        }
        #expect(worst <= 1, "worst error \(worst) ulp at x = \(worstAt)")
    }

    @Test("special values")
    func specialValues() {
        let x = SIMD8<Double>(0, -.infinity, -746, -1e30, -745.2, 1, -0.0, 709 - 49)
        let y = VectorExp.exp(x)
        #expect(y[0] == 1 && y[6] == 1)
        #expect(y[1] == 0 && y[2] == 0 && y[3] == 0)
        #expect(y[4] == exponential(-745.2) || abs(y[4] - exponential(-745.2)) <= Double.leastNonzeroMagnitude)
        #expect(Self.ulps(y[5], exponential(1)) <= 1)
        #expect(Self.ulps(y[7], exponential(660)) <= 1)
    }

    @Test("every lane and width computes the same value")
    func laneIndependence() {
        let values: [Double] = [-0.3, -700, -12.25, -1e-9, -3, -45.5, -0.693, -100]
        var eight = SIMD8<Double>()
        for l in 0..<8 { eight[l] = values[l] }
        let y8 = VectorExp.exp(eight)
        for (l, v) in values.enumerated() {
            #expect(VectorExp.exp(SIMD2<Double>(v, 0))[0] == y8[l])
            #expect(VectorExp.exp(SIMD4<Double>(1, 2, v, 3))[2] == y8[l])
        }
    }
}
