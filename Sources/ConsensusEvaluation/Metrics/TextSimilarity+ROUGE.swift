extension TextSimilarity {
    /// ROUGE-L F-measure (0…100) of `hypothesis` against `reference` as lm-evaluation-harness's
    /// TruthfulQA reports it (`rougeL_max`, `rougeL_acc`): rouge-score 0.1.2's **`rougeLsum`**
    /// (summary-level LCS), not its `rougeL`.
    ///
    /// 1. Both texts get the harness's `_prepare_summary`: every `" . "` becomes `".\n"`.
    /// 2. Each is split into sentences at `"\n"`, empty sentences dropped, and each sentence is
    ///    tokenised with ``rougeTokens(_:)`` (no stemming: the harness keeps the default).
    /// 3. For each reference sentence, the union of one longest common subsequence with each
    ///    hypothesis sentence (rouge-score's table backtrack picks which one) is counted as hits,
    ///    each token at most as often as it occurs in either text (ROUGE 1.5.5's rule).
    /// 4. P = hits / hypothesis tokens, R = hits / reference tokens, F = 2PR / (P + R), × 100;
    ///    0 when either text has no tokens.
    ///
    /// For texts with one sentence each (no `" . "`, no newline) this is plain LCS-based
    /// ROUGE-L. The harness averages one score through a bootstrap aggregator, which returns it
    /// unchanged.
    ///
    /// - Parameters:
    ///   - hypothesis: the generated text.
    ///   - reference: one reference text.
    /// - Returns: the F-measure in 0…100.
    public static func rougeL(hypothesis: String, reference: String) -> Double {
        var vocabulary = TokenVocabulary()
        let referenceSentences = rougeSentences(reference).map { vocabulary.ids(rougeTokenScalars($0)) }
        let hypothesisSentences = rougeSentences(hypothesis).map { vocabulary.ids(rougeTokenScalars($0)) }
        return 100 * summaryLevelLCS(reference: referenceSentences, hypothesis: hypothesisSentences)
    }

    /// ROUGE-N F-measure (0…100) of `hypothesis` against `reference`: rouge-score 0.1.2's
    /// `rouge1` (n = 1) or `rouge2` (n = 2) on the whole texts tokenised with ``rougeTokens(_:)``,
    /// after the harness's `" . "` → `".\n"` (which changes no token). Matches are clipped n-gram
    /// counts; P and R divide by at least 1, so a text without n-grams scores 0.
    ///
    /// - Parameters:
    ///   - n: the n-gram order, at least 1.
    ///   - hypothesis: the generated text.
    ///   - reference: one reference text.
    /// - Returns: the F-measure in 0…100.
    public static func rougeN(_ n: Int, hypothesis: String, reference: String) -> Double {
        precondition(n >= 1, "rougeN needs n >= 1, got \(n)")
        var vocabulary = TokenVocabulary()
        let referenceCounts = exactNgramCounts(vocabulary.ids(rougeTokenScalars(reference.unicodeScalars)), n: n)
        let hypothesisCounts = exactNgramCounts(vocabulary.ids(rougeTokenScalars(hypothesis.unicodeScalars)), n: n)
        let overlap = referenceCounts.reduce(0) { $0 + min($1.value, hypothesisCounts[$1.key] ?? 0) }
        let precision = Double(overlap) / Double(max(hypothesisCounts.values.reduce(0, +), 1))
        let recall = Double(overlap) / Double(max(referenceCounts.values.reduce(0, +), 1))
        return 100 * fMeasure(precision: precision, recall: recall)
    }

    /// rouge-score's default tokenizer: Python's `lower()`, every run of characters other than
    /// ASCII `a-z0-9` is a separator, and the tokens are the runs left. So "don't" is "don", "t",
    /// "3.14" is "3", "14", "café" is "caf", and non-Latin scripts give no tokens. Lowercasing is
    /// Unicode's full mapping, so U+212A KELVIN SIGN becomes "k" and "İ" becomes "i" (and a
    /// combining dot that separates).
    static func rougeTokens(_ text: String) -> [String] {
        rougeTokenScalars(text.unicodeScalars).map { String(String.UnicodeScalarView($0)) }
    }

    /// ``rougeTokens(_:)`` of the text made of `scalars`, as arrays of scalars.
    static func rougeTokenScalars(_ scalars: some Sequence<Unicode.Scalar>) -> [[Unicode.Scalar]] {
        var tokens: [[Unicode.Scalar]] = []
        var token: [Unicode.Scalar] = []
        func take(_ scalar: Unicode.Scalar) {
            switch scalar.value {
            case 0x61...0x7A, 0x30...0x39: token.append(scalar)
            default: if !token.isEmpty { tokens.append(token); token.removeAll(keepingCapacity: true) }
            }
        }
        for scalar in scalars {
            if scalar.isASCII {
                take(Unicode.Scalar(UInt8(ascii: scalar).lowercasedASCII))
            } else {
                for lowered in scalar.properties.lowercaseMapping.unicodeScalars { take(lowered) }
            }
        }
        if !token.isEmpty { tokens.append(token) }
        return tokens
    }

    /// The harness's `_prepare_summary` then rouge-score's `get_sents`: `" . "` → `".\n"`
    /// (left to right, non-overlapping), split at `"\n"`, empty pieces dropped.
    static func rougeSentences(_ text: String) -> [[Unicode.Scalar]] {
        let scalars = Array(text.unicodeScalars)
        var sentences: [[Unicode.Scalar]] = []
        var sentence: [Unicode.Scalar] = []
        var i = 0
        while i < scalars.count {
            if i + 2 < scalars.count && scalars[i] == " " && scalars[i + 1] == "." && scalars[i + 2] == " " {
                sentence.append(".")
                sentences.append(sentence)
                sentence = []
                i += 3
            } else if scalars[i] == "\n" {
                sentences.append(sentence)
                sentence = []
                i += 1
            } else {
                sentence.append(scalars[i])
                i += 1
            }
        }
        sentences.append(sentence)
        return sentences.filter { !$0.isEmpty }
    }

    /// rouge-score's `_summary_level_lcs` F-measure (0…1) of tokenised sentences.
    static func summaryLevelLCS(reference: [[Int]], hypothesis: [[Int]]) -> Double {
        let referenceLength = reference.reduce(0) { $0 + $1.count }
        let hypothesisLength = hypothesis.reduce(0) { $0 + $1.count }
        guard referenceLength > 0, hypothesisLength > 0 else { return 0 }
        var referenceLeft: [Int: Int] = [:]
        var hypothesisLeft: [Int: Int] = [:]
        for token in reference.joined() { referenceLeft[token, default: 0] += 1 }
        for token in hypothesis.joined() { hypothesisLeft[token, default: 0] += 1 }
        var hits = 0
        for sentence in reference {
            var union = Set<Int>()
            for candidate in hypothesis { union.formUnion(lcsIndices(sentence, candidate)) }
            for index in union.sorted() {
                let token = sentence[index]
                if hypothesisLeft[token, default: 0] > 0 && referenceLeft[token, default: 0] > 0 {
                    hits += 1
                    hypothesisLeft[token, default: 0] -= 1
                    referenceLeft[token, default: 0] -= 1
                }
            }
        }
        let recall = Double(hits) / Double(referenceLength)
        let precision = Double(hits) / Double(hypothesisLength)
        return fMeasure(precision: precision, recall: recall)
    }

    /// The indices in `reference` of one longest common subsequence with `candidate`: rouge-score's
    /// `lcs_ind`, whose backtrack prefers the step that keeps the left table cell when it is
    /// strictly larger.
    static func lcsIndices(_ reference: [Int], _ candidate: [Int]) -> [Int] {
        let rows = reference.count
        let columns = candidate.count
        guard rows > 0, columns > 0 else { return [] }
        var table = [[Int]](repeating: [Int](repeating: 0, count: columns + 1), count: rows + 1)
        for i in 1...rows {
            for j in 1...columns {
                table[i][j] = reference[i - 1] == candidate[j - 1]
                    ? table[i - 1][j - 1] + 1 : max(table[i - 1][j], table[i][j - 1])
            }
        }
        var indices: [Int] = []
        var (i, j) = (rows, columns)
        while i > 0 && j > 0 {
            if reference[i - 1] == candidate[j - 1] {
                indices.append(i - 1)
                i -= 1
                j -= 1
            } else if table[i][j - 1] > table[i - 1][j] {
                j -= 1
            } else {
                i -= 1
            }
        }
        return indices.reversed()
    }

    /// rouge-score's `scoring.fmeasure`: 2PR / (P + R), 0 when P + R is 0.
    static func fMeasure(precision: Double, recall: Double) -> Double {
        precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }

    /// The counts of the n-grams of one order.
    private static func exactNgramCounts(_ tokens: [Int], n: Int) -> [[Int]: Int] {
        var counts: [[Int]: Int] = [:]
        if tokens.count >= n {
            for start in 0...(tokens.count - n) { counts[Array(tokens[start..<(start + n)]), default: 0] += 1 }
        }
        return counts
    }
}

extension UInt8 {
    fileprivate var lowercasedASCII: UInt8 { (0x41...0x5A).contains(self) ? self + 0x20 : self }
}
