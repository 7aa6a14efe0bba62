/// A SIMD vector of doubles whose lanes are independent problems of one batch, with the
/// integer vector of the same shape. Its arithmetic helpers live in PiKLKernel.swift, next to
/// the kernel (see there why).
///
/// The lane-wise minimum and maximum are written as loops of scalar comparisons, which the
/// compiler turns into single `minpd`/`maxpd` instructions. The standard library's
/// `pointwiseMin`/`pointwiseMax` (not inlined) and its `SIMDMask` operations (`.<`,
/// `replacing(with:where:)`, compiled to a loop over the lanes through memory) made the solver
/// several times slower.
protocol DoubleLanes: SIMD where Scalar == Double {
    /// The vector of `UInt64` with as many lanes.
    associatedtype Bits: SIMD where Bits.Scalar == UInt64
}

extension SIMD2: DoubleLanes where Scalar == Double { typealias Bits = SIMD2<UInt64> }
extension SIMD4: DoubleLanes where Scalar == Double { typealias Bits = SIMD4<UInt64> }
extension SIMD8: DoubleLanes where Scalar == Double { typealias Bits = SIMD8<UInt64> }
