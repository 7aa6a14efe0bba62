/// The reference answers of one TruthfulQA question as lm-evaluation-harness's `truthfulqa_gen`
/// scores against them (its `preprocess_function`): each answer stripped of surrounding
/// whitespace, empty ones dropped, a period appended unless the answer ends with one, and
/// "I have no comment." added to the true references unless one of them already is exactly that.
public struct TruthfulQAReferences: Sendable, Hashable, Codable {
    /// The formatted correct answers, ending with "I have no comment." when it was added.
    public var trueReferences: [String]
    /// The formatted incorrect answers.
    public var falseReferences: [String]

    /// The harness's references for a row's `correct_answers` and `incorrect_answers`.
    public init(correctAnswers: [String], incorrectAnswers: [String]) {
        var trueReferences = Self.format(correctAnswers)
        // Python's `in`: equal code point by code point.
        if !trueReferences.contains(where: { $0.unicodeScalars.elementsEqual(Self.noComment.unicodeScalars) }) {
            trueReferences.append(Self.noComment)
        }
        self.trueReferences = trueReferences
        self.falseReferences = Self.format(incorrectAnswers)
    }

    /// The answer that the harness always counts as true.
    public static let noComment = "I have no comment."

    /// Compares `prediction` with these references under `metric`.
    public func comparison(_ metric: TextSimilarityMetric, prediction: String) -> ReferenceComparison {
        ReferenceComparison(
            metric: metric, prediction: prediction, trueReferences: trueReferences, falseReferences: falseReferences)
    }

    /// The harness's `_format_answers`: Python's `strip()`, drop empty answers, add a final ".".
    static func format(_ answers: [String]) -> [String] {
        answers.compactMap { answer in
            var scalars = answer.unicodeScalars[...]
            while let first = scalars.first, TextSimilarity.isPythonWhitespace(first) { scalars.removeFirst() }
            while let last = scalars.last, TextSimilarity.isPythonWhitespace(last) { scalars.removeLast() }
            guard let last = scalars.last else { return nil }
            let stripped = String(scalars)
            return last == "." ? stripped : stripped + "."
        }
    }
}
