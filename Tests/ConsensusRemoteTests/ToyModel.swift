import Foundation

/// A deterministic stand-in for a language model behind a fake server: words (with their
/// leading space) are tokens, and the log-probability of a token depends on the token and on
/// everything before it, as a causal model's does.
enum ToyModel {
    /// How a fake server reports prompt log-probabilities.
    enum Echo: Sendable {
        /// Entry i scores token i given the tokens before it; the first is null (vLLM, SGLang).
        case correct
        /// Entry i is scored with the distribution that predicts token i + 1 (llama-cpp-python).
        case shifted
        /// No prompt log-probabilities (llama-server).
        case missing
    }

    static func tokenize(_ text: String) -> [Int32] {
        var tokens: [Int32] = []
        var word = ""
        for character in text {
            if character == " ", !word.isEmpty, word != " " {
                tokens.append(id(word))
                word = ""
            }
            word.append(character)
        }
        if !word.isEmpty { tokens.append(id(word)) }
        return tokens
    }

    static func id(_ word: String) -> Int32 {
        Int32(word.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 } % 5000 + 1)
    }

    /// log P(token | prefix).
    static func logProbability(_ token: Int32, after prefix: ArraySlice<Int32>) -> Double {
        let context = prefix.reduce(0) { ($0 &* 31 &+ Int($1)) % 1009 }
        return -(0.05 + Double(token % 17) * 0.37 + Double(context % 11) * 0.05)
    }

    /// The echoed entries of `tokens`.
    static func echo(_ tokens: [Int32], _ mode: Echo) -> [Double?] {
        switch mode {
        case .correct:
            return tokens.indices.map { $0 == 0 ? nil : logProbability(tokens[$0], after: tokens[..<$0]) }
        case .shifted:
            return tokens.indices.map { $0 + 1 < tokens.count ? logProbability(tokens[$0 + 1], after: tokens[...$0]) : -1 }
        case .missing:
            return []
        }
    }

    /// The score the engine must find for a continuation of a prompt.
    static func expected(prompt: String, continuation: String) -> Double {
        let p = tokenize(prompt)
        let whole = tokenize(prompt + continuation)
        return (p.count..<whole.count).reduce(0) { $0 + logProbability(whole[$1], after: whole[..<$1]) }
    }
}
