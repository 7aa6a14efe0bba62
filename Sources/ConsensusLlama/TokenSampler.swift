import ConsensusScoring
import Foundation

/// Draws the next token from one row of logits: greedy (argmax) at temperature 0, else from the
/// softmax at the temperature, restricted to the nucleus when top-p < 1. Pure Swift, in double
/// precision, so that a seed gives the same draw on every machine for the same logits.
struct TokenSampler {
    let temperature: Double
    let topP: Double

    /// The drawn token and its log-probability under the model's own distribution (temperature 1).
    func draw(_ logits: UnsafeBufferPointer<Float>, generator: inout SplitMix64) -> (token: Int32, logProbability: Double) {
        let summary = LogitSummary(logits)
        let argmax = summary.argmax
        let token = temperature == 0 ? argmax : sample(logits, max: summary.maximum, generator: &generator) ?? argmax
        return (Int32(token), summary.logProbability(logits[token]))
    }

    /// A token drawn with probability ∝ exp((logit − max) / temperature), within the nucleus.
    private func sample(_ logits: UnsafeBufferPointer<Float>, max m: Double, generator: inout SplitMix64) -> Int? {
        let weights = logits.map { exp((Double($0) - m) / temperature) }
        let total = weights.reduce(0, +)
        var candidates: [Int]
        if topP < 1 {
            candidates = nucleus(weights, total: total)
        } else {
            candidates = Array(weights.indices)
        }
        let mass = candidates.reduce(0) { $0 + weights[$1] }
        let target = Self.uniform(&generator) * mass
        var cumulative = 0.0
        for i in candidates {
            cumulative += weights[i]
            if cumulative > target { return i }
        }
        return candidates.last { weights[$0] > 0 }
    }

    /// The smallest set of most likely tokens (ties: lower id first) whose mass reaches topP,
    /// in that order. Only tokens above a probability threshold are sorted; the threshold is
    /// lowered until the tokens above it hold the nucleus, so the result is the exact nucleus.
    private func nucleus(_ weights: [Double], total: Double) -> [Int] {
        for threshold in [1e-4, 1e-8, 0] {
            let above = weights.indices.filter { weights[$0] / total >= threshold }
            let mass = above.reduce(0) { $0 + weights[$1] }
            guard mass >= topP * total || threshold == 0 else { continue }
            let sorted = above.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
            var kept: [Int] = []
            var cumulative = 0.0
            for i in sorted {
                kept.append(i)
                cumulative += weights[i]
                if cumulative >= topP * total { break }
            }
            return kept
        }
        return []
    }

    /// A uniform double in [0, 1) from the top 53 bits of the next output.
    static func uniform(_ generator: inout SplitMix64) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }
}
