import Foundation

/// One row of logits reduced to what a log-softmax needs: the most likely token, the largest
/// logit, and log Σ exp(logit), summed in double precision in vocabulary order (the scores and
/// the samples both depend on this exact order).
struct LogitSummary {
    /// The most likely token (the first of equals).
    let argmax: Int
    /// The largest logit.
    let maximum: Double
    /// log Σ exp(logit) over the vocabulary.
    let logSumExp: Double

    init(_ logits: UnsafeBufferPointer<Float>) {
        var maxValue = -Float.infinity
        var argmax = 0
        for (i, v) in logits.enumerated() where v > maxValue {
            maxValue = v
            argmax = i
        }
        let m = Double(maxValue)
        var sum = 0.0
        for v in logits { sum += exp(Double(v) - m) }
        self.argmax = argmax
        maximum = m
        logSumExp = m + log(sum)
    }

    /// The log-probability of a token whose logit is `logit`.
    func logProbability(_ logit: Float) -> Double { Double(logit) - logSumExp }
}
