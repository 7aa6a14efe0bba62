import ConsensusScoring
import Foundation

/// How one continuation is sampled on a server: one prompt, one sample (`n` = 1), so that each
/// sample gets a seed of its own (one request with `n` > 1 has one seed for all its samples;
/// a vLLM user reports `n` identical samples, vllm-project/vllm#10852).
struct RemoteSampling: Sendable, Hashable {
    var temperature: Double
    var topP: Double
    /// The sample's seed; nil for greedy decoding.
    var seed: UInt64?
    var stopStrings: [String]
    var maxNewTokens: Int

    /// The seed as servers take it: a non-negative 64-bit signed integer.
    var wireSeed: Int64? { seed.map { Int64(bitPattern: $0 & 0x7FFF_FFFF_FFFF_FFFF) } }
}

/// One continuation as a server returns it.
struct RemoteCompletion: Sendable, Hashable {
    var text: String
    /// The generated token ids; empty when the server does not report them.
    var tokens: [Int32]
    /// The log-probability of each generated token, as the server reports it.
    var logProbabilities: [Double]
    var stopReason: StopReason

    /// The text cut before the earliest stop string in it (servers trim the stop string that
    /// ended the sample; this also covers one that does not).
    func cut(at stopStrings: [String]) -> RemoteCompletion {
        var result = self
        let cuts = stopStrings.compactMap { text.range(of: $0)?.lowerBound }
        if let first = cuts.min() {
            result.text = String(text[..<first])
            result.stopReason = .stopString
        }
        return result
    }
}

/// Why a server says a sample stopped (``OpenAIWire/StopValue``).
typealias RemoteStopValue = OpenAIWire.StopValue

extension StopReason {
    /// A server's finish reason: `length` at the token limit; `stop` at a stop string when the
    /// server names the string, else at an end-of-sequence token; nil for anything else.
    init?(finish: String?, matched: RemoteStopValue?) {
        switch (finish, matched) {
        case ("length", _): self = .maxTokens
        case ("stop", .text?): self = .stopString
        case ("stop", _): self = .endOfText
        default: return nil
        }
    }
}
