/// Sentence similarity of a generated answer to a reference answer, as lm-evaluation-harness's
/// `truthfulqa_gen` task scores it (TruthfulQA's BLEU and ROUGE, 0…100).
///
/// The functions reproduce the Python packages that the harness calls, to the last bit where
/// the arithmetic allows (the reference check is `scripts/reference/text_similarity_reference.py`):
/// - ``sentenceBLEU(hypothesis:references:)``: sacrebleu 2.6's `corpus_bleu` on one sentence,
///   with the harness's arguments (tokenize `"intl"`, smoothing `"exp"`, no lowercasing, no
///   effective order);
/// - ``rougeL(hypothesis:reference:)`` and ``rougeN(_:hypothesis:reference:)``: rouge-score
///   0.1.2's `rougeLsum` and `rouge1`/`rouge2` F-measures with its default tokenizer, after the
///   harness's `" . "` → `".\n"` sentence split.
///
/// Text is compared by Unicode scalars (code points), like Python's `str`, not by Swift's
/// canonical equivalence: a precomposed `é` and `e` + combining acute are different tokens.
/// All functions are pure and safe to call from any thread.
public enum TextSimilarity {}

extension TextSimilarity {
    /// Whether Python's `str.isspace()` is true for `scalar`: the separators of Python's
    /// `str.split()` and `str.rstrip()` (Unicode bidirectional class WS, B or S, or category
    /// Zs). Unlike Unicode's White_Space it includes U+001C…U+001F; neither includes U+200B.
    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Python's `text.split()`: the runs of non-whitespace scalars (``isPythonWhitespace(_:)``).
    static func pythonSplit(_ scalars: some Collection<Unicode.Scalar>) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var word: [Unicode.Scalar] = []
        for scalar in scalars {
            if isPythonWhitespace(scalar) {
                if !word.isEmpty { words.append(word); word.removeAll(keepingCapacity: true) }
            } else {
                word.append(scalar)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }
}

/// Numbers tokens by their exact scalars, so that n-grams are arrays of small integers and equal
/// tokens are equal code point by code point (Python's string equality).
struct TokenVocabulary {
    private var ids: [[Unicode.Scalar]: Int] = [:]

    /// The number of `token`, new tokens numbered from 0 in order of first appearance.
    mutating func id(_ token: [Unicode.Scalar]) -> Int {
        if let id = ids[token] { return id }
        let id = ids.count
        ids[token] = id
        return id
    }

    /// The numbers of `tokens`.
    mutating func ids(_ tokens: [[Unicode.Scalar]]) -> [Int] { tokens.map { id($0) } }
}
