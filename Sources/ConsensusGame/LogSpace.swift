#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Scalar log-space helpers (C library `exp` and `log`), used outside the solver's inner loop.
enum LogSpace {
    /// e^x, from the C library.
    @inline(__always) static func exp(_ x: Double) -> Double { libmExp(x) }

    /// The natural logarithm, from the C library; log(0) = -infinity.
    @inline(__always) static func log(_ x: Double) -> Double { libmLog(x) }

    /// log Σᵢ exp(xᵢ), computed by subtracting the maximum; -infinity when every entry is
    /// -infinity (or there is none).
    static func logSumExp<C: Collection>(_ xs: C) -> Double where C.Element == Double {
        guard let m = xs.max(), m > -.infinity else { return -.infinity }
        var sum = 0.0
        for x in xs { sum += libmExp(x - m) }
        return m + libmLog(sum)
    }

    /// The log-softmax of `xs`: xᵢ − log Σⱼ exp(xⱼ). When every entry is -infinity the result is
    /// the uniform distribution, log(1/n) for each entry.
    static func logSoftmax(_ xs: [Double]) -> [Double] {
        let lse = logSumExp(xs)
        guard lse > -.infinity else {
            return Array(repeating: -libmLog(Double(xs.count)), count: xs.count)
        }
        return xs.map { $0 - lse }
    }
}

@inline(__always) private func libmExp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func libmLog(_ x: Double) -> Double { log(x) }
