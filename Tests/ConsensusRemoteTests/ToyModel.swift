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

    /// A toy sample of `prompt`, as a server returns it: word i is chosen by (seed, i) (greedy
    /// decoding is seed 0); `w0` is the end-of-sequence token, `w7` writes a blank line, and the
    /// text stops before the first stop string it contains (which is kept out of the text, as
    /// vLLM and SGLang do) or after `maxTokens` words.
    struct Sample {
        var text = ""
        var tokens: [Int32] = []
        var logProbabilities: [Double] = []
        /// `stop` or `length`.
        var finish = "length"
        /// The stop string, or the end-of-sequence token id; nil at `length`.
        var matched: Any?
    }

    static let endOfSequence = id(" w0")

    static func sample(prompt: String, seed: Int64?, maxTokens: Int, stop: [String]) -> Sample {
        var sample = Sample()
        var context = tokenize(prompt)
        for i in 0..<maxTokens {
            let digit = Int((UInt64(seed ?? 0) &* 6_364_136_223_846_793_005 &+ UInt64(i + 1) &* 1_442_695_040_888_963_407) >> 33) % 10
            let word = digit == 7 ? " w7\n\n" : " w\(digit)"
            let token = id(word)
            if token == endOfSequence {
                (sample.finish, sample.matched) = ("stop", Int(token))
                return sample
            }
            sample.tokens.append(token)
            sample.logProbabilities.append(logProbability(token, after: context[...]))
            context.append(token)
            sample.text += word
            if let cut = stop.compactMap({ sample.text.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) {
                let matched = String(sample.text[cut])
                sample.text = String(sample.text[..<cut.lowerBound])
                (sample.finish, sample.matched) = ("stop", matched)
                return sample
            }
        }
        return sample
    }

    /// The score the engine must find for a continuation of a prompt.
    static func expected(prompt: String, continuation: String) -> Double {
        let p = tokenize(prompt)
        let whole = tokenize(prompt + continuation)
        return (p.count..<whole.count).reduce(0) { $0 + logProbability(whole[$1], after: whole[..<$1]) }
    }
}
