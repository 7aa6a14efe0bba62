public import ConsensusScoring
import Foundation

extension FixtureEngine {
    /// Made-up scores from the request's text (FNV-1a of prompt, markup included, and
    /// continuation), in [-10.09, -0.1]: the same request always scores the same, whatever
    /// else is in its group, so equal items get equal scores and equal picks.
    public static func textHash(_ request: ContinuationRequest) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let markup = request.hasMarkup ? "\u{2}" : ""
        for byte in (request.prompt + "\u{1}" + markup + request.continuation).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return -0.1 - Double(hash % 1000) / 100
    }

    /// Scores looked up by (prompt, continuation); a request not in `table` is refused with
    /// ``ScoringError/Kind/invalidRequest`` naming it.
    public static func table(_ table: [ContinuationRequest: Double]) -> Scores {
        { request in
            guard let value = table[request] else { throw ScoringError(.invalidRequest, "no entry for \(request)") }
            return value
        }
    }

    /// A discriminator that likes the candidates whose text (prompt or continuation) contains
    /// `word`: " Yes" scores -0.1 for them and -2.5 for the others, " No" the reverse. Any other
    /// continuation scores -0.2 per character, so a shorter candidate is likelier to the generator.
    public static func preferring(_ word: String) -> Scores {
        { request in
            let liked = request.prompt.contains(word) || request.continuation.contains(word)
            switch request.continuation {
            case " Yes": return liked ? -0.1 : -2.5
            case " No": return liked ? -2.5 : -0.1
            default: return -0.2 * Double(request.continuation.count)
            }
        }
    }
}
