import Foundation

extension TextSimilarity {
    /// The highest n-gram order of BLEU (sacrebleu's `MAX_NGRAM_ORDER`).
    static let bleuMaxOrder = 4

    /// Sentence BLEU (0…100) of `hypothesis` against `references`, exactly as sacrebleu 2.6's
    /// `corpus_bleu([hypothesis], [[r] for r in references], smooth_method="exp",
    /// lowercase=False, tokenize="intl", use_effective_order=False)`: the call of
    /// lm-evaluation-harness's TruthfulQA `bleu`, which passes one reference at a time.
    ///
    /// - Tokenisation: ``intlTokens(_:)`` (case kept).
    /// - Counts: n-grams of orders 1…4; a hypothesis n-gram is matched at most as often as it
    ///   occurs in the reference that has most of it (clipping over all references). The
    ///   reference length is the one closest to the hypothesis length, the shorter on a tie.
    /// - Brevity penalty: `exp(1 - r/c)` when the hypothesis length c is below r, 0 when c is 0.
    /// - Smoothing `"exp"` (mteval-v13a's, Chen & Cherry's method 3): the k-th order with no
    ///   match (k = 1, 2, …) gets precision `100 / (2^k · total)`. No match at any order gives 0.
    /// - No effective order: the geometric mean is always over 4 orders. An order the hypothesis
    ///   is too short to have (fewer than 4 tokens) has precision 0, whose log sacrebleu floors
    ///   at -9999999999, so a hypothesis of 1 to 3 tokens scores 0 (e.g. "Nothing happens." is
    ///   3 tokens and scores 0 against itself).
    /// - Arithmetic: the four logs are added with Neumaier's compensation, as Python 3.12's
    ///   `sum()` does (Python 3.11 and older add plainly, which can move the score by ~1e-14).
    ///
    /// - Parameters:
    ///   - hypothesis: the generated text.
    ///   - references: the reference texts; at least one (an empty string is a reference with no
    ///     tokens).
    /// - Returns: BLEU in 0…100.
    public static func sentenceBLEU(hypothesis: String, references: [String]) -> Double {
        precondition(!references.isEmpty, "sentenceBLEU needs at least one reference")
        var vocabulary = TokenVocabulary()
        let hypothesisTokens = vocabulary.ids(intlTokenScalars(hypothesis))
        var referenceCounts: [[Int]: Int] = [:]
        var referenceLengths: [Int] = []
        for reference in references {
            let tokens = vocabulary.ids(intlTokenScalars(reference))
            referenceLengths.append(tokens.count)
            for (ngram, count) in ngramCounts(tokens, maxOrder: bleuMaxOrder) {
                referenceCounts[ngram] = max(referenceCounts[ngram] ?? 0, count)
            }
        }
        var correct = [Int](repeating: 0, count: bleuMaxOrder)
        var total = correct
        for (ngram, count) in ngramCounts(hypothesisTokens, maxOrder: bleuMaxOrder) {
            total[ngram.count - 1] += count
            correct[ngram.count - 1] += min(count, referenceCounts[ngram] ?? 0)
        }
        let referenceLength = closestLength(to: hypothesisTokens.count, among: referenceLengths)
        return bleu(correct: correct, total: total, hypothesisLength: hypothesisTokens.count, referenceLength: referenceLength)
    }

    /// sacrebleu's `"intl"` tokenisation (`TokenizerV14International`, mteval-v14.pl's
    /// international tokenizer) of `text`, after Python's `rstrip()`:
    /// 1. a punctuation scalar (Unicode category P*) preceded by a non-number (not N*) is
    ///    split off: `(\P{N})(\p{P})` → `\1 \2 `;
    /// 2. a punctuation scalar followed by a non-number is split off: `(\p{P})(\P{N})` → ` \1 \2`;
    /// 3. every symbol (S*: math, currency, modifier, other) is split off: `(\p{S})` → ` \1 `;
    /// 4. the result is split on Python whitespace.
    ///
    /// Each rule is one left-to-right pass of non-overlapping two-scalar matches, like
    /// `regex.sub`, so punctuation between digits stays ("1,000", "3.14"), and so does a period
    /// after a number at the end of the text ("1889."), a quirk kept from mteval-v14. Runs of
    /// punctuation split only partly per pass but fully in the end ("?!" → "?", "!").
    ///
    /// Categories come from the Swift runtime's Unicode tables
    /// (`Unicode.Scalar.Properties.generalCategory`); sacrebleu's come from the `regex` package.
    /// At the pinned versions they differ on 470 recently assigned code points (e.g. U+20C2,
    /// U+2E60), none of which occurs in ordinary text.
    static func intlTokens(_ text: String) -> [String] {
        intlTokenScalars(text).map { String(String.UnicodeScalarView($0)) }
    }

    /// ``intlTokens(_:)`` as arrays of scalars.
    static func intlTokenScalars(_ text: String) -> [[Unicode.Scalar]] {
        var scalars = Array(text.unicodeScalars)
        while let last = scalars.last, isPythonWhitespace(last) { scalars.removeLast() }
        // Rules 1 and 2: two scalars that match are both consumed; otherwise one is copied.
        for rule in 0..<2 {
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(scalars.count + scalars.count / 2)
            var i = 0
            while i < scalars.count {
                if i + 1 < scalars.count {
                    let (a, b) = (scalars[i], scalars[i + 1])
                    if rule == 0 && !isNumber(a) && isPunctuation(b) {
                        out += [a, " ", b, " "]
                        i += 2
                        continue
                    }
                    if rule == 1 && isPunctuation(a) && !isNumber(b) {
                        out += [" ", a, " ", b]
                        i += 2
                        continue
                    }
                }
                out.append(scalars[i])
                i += 1
            }
            scalars = out
        }
        var out: [Unicode.Scalar] = []
        for scalar in scalars {
            if isSymbol(scalar) { out += [" ", scalar, " "] } else { out.append(scalar) }
        }
        return pythonSplit(out)
    }

    /// BLEU from its sufficient statistics: sacrebleu's `BLEU.compute_bleu` with
    /// `smooth_method="exp"` and `effective_order=False`.
    static func bleu(correct: [Int], total: [Int], hypothesisLength: Int, referenceLength: Int) -> Double {
        var brevityPenalty = 1.0
        if hypothesisLength < referenceLength {
            brevityPenalty = hypothesisLength > 0 ? exp(1 - Double(referenceLength) / Double(hypothesisLength)) : 0
        }
        if correct.allSatisfy({ $0 == 0 }) { return 0 }
        var precisions = [Double](repeating: 0, count: correct.count)
        var smoothing = 1.0
        for n in correct.indices {
            if total[n] == 0 { break }
            if correct[n] == 0 {
                smoothing *= 2
                precisions[n] = 100 / (smoothing * Double(total[n]))
            } else {
                precisions[n] = 100 * Double(correct[n]) / Double(total[n])
            }
        }
        // sacrebleu's `my_log`: log(0) floored at -9999999999.
        let logs = precisions.map { $0 == 0 ? -9_999_999_999 : log($0) }
        return brevityPenalty * exp(neumaierSum(logs) / Double(precisions.count))
    }

    /// Python 3.12's `sum()` of floats: Neumaier's compensated summation, the compensation added
    /// at the end when it is non-zero and finite.
    static func neumaierSum(_ values: [Double]) -> Double {
        var sum = 0.0
        var compensation = 0.0
        for x in values {
            let t = sum + x
            compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
            sum = t
        }
        return compensation != 0 && compensation.isFinite ? sum + compensation : sum
    }

    /// The counts of every n-gram of `tokens` of orders 1…`maxOrder`.
    static func ngramCounts(_ tokens: [Int], maxOrder: Int) -> [[Int]: Int] {
        var counts: [[Int]: Int] = [:]
        for n in 1...maxOrder where n <= tokens.count {
            for start in 0...(tokens.count - n) {
                counts[Array(tokens[start..<(start + n)]), default: 0] += 1
            }
        }
        return counts
    }

    /// The reference length closest to `length`, the shorter of two equally close (sacrebleu's
    /// `_get_closest_ref_len`).
    static func closestLength(to length: Int, among lengths: [Int]) -> Int {
        lengths.min { (abs(length - $0), $0) < (abs(length - $1), $1) }!
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    private static func isSymbol(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return true
        default: return false
        }
    }

    private static func isNumber(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }
}
