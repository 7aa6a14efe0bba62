import Foundation
import Testing

@testable import ConsensusEvaluation

/// Tests/ConsensusEvaluationTests/Fixtures/text_similarity.json, written by
/// scripts/reference/text_similarity_reference.py with sacrebleu 2.6.0, rouge-score 0.1.2 and
/// lm-evaluation-harness 0.4.13's TruthfulQA functions (versions in the file).
struct TextSimilarityFixture: Decodable {
    struct Scores: Decodable, Sendable {
        var bleu, rouge1, rouge2, rougeL: Double
    }

    struct Pair: Decodable, Sendable, CustomTestStringConvertible {
        var name, hypothesis: String
        var references: [String]
        var intl_tokens, rouge_tokens: [String]
        var bleu: Double
        var per_reference: [Scores]
        var testDescription: String { name }
    }

    struct TruthfulQACase: Decodable, Sendable, CustomTestStringConvertible {
        var id, prediction: String
        var correct_answers, incorrect_answers, true_references, false_references: [String]
        var metrics: [String: Double]
        var testDescription: String { "\(id): \(prediction.prefix(40))" }
    }

    var versions: [String: String]
    var pairs: [Pair]
    var truthfulqa: [TruthfulQACase]

    static let shared: TextSimilarityFixture = {
        guard let url = Bundle.module.url(forResource: "text_similarity", withExtension: "json", subdirectory: "Fixtures") else {
            fatalError("Fixtures/text_similarity.json is missing from the test bundle")
        }
        do {
            return try JSONDecoder().decode(TextSimilarityFixture.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot read Fixtures/text_similarity.json: \(error)")
        }
    }()
}

/// Scores agree with the Python packages to this absolute tolerance (on the 0…100 scale). On
/// Linux (glibc's `log`/`exp`, the same as CPython's) they agree exactly; another libm may move
/// the last bits.
private let tolerance = 1e-9

/// Strings with every non-ASCII scalar escaped, to compare code point by code point as Python
/// does (Swift's `==` treats a precomposed "é" and "e" + U+0301 as equal).
private func scalars(_ strings: [String]) -> [String] {
    strings.map { $0.unicodeScalars.map { $0.escaped(asASCII: true) }.joined() }
}

@Suite("Text similarity")
struct TextSimilarityTests {
    @Test("sacrebleu and rouge-score reference", arguments: TextSimilarityFixture.shared.pairs)
    func matchesPythonReference(_ pair: TextSimilarityFixture.Pair) {
        #expect(scalars(TextSimilarity.intlTokens(pair.hypothesis)) == scalars(pair.intl_tokens))
        #expect(TextSimilarity.rougeTokens(pair.hypothesis) == pair.rouge_tokens)
        let bleu = TextSimilarity.sentenceBLEU(hypothesis: pair.hypothesis, references: pair.references)
        #expect(abs(bleu - pair.bleu) <= tolerance, "BLEU \(bleu) vs \(pair.bleu)")
        for (reference, expected) in zip(pair.references, pair.per_reference) {
            for metric in TextSimilarityMetric.allCases {
                let score = metric.score(hypothesis: pair.hypothesis, reference: reference)
                let want = switch metric {
                case .bleu: expected.bleu
                case .rouge1: expected.rouge1
                case .rouge2: expected.rouge2
                case .rougeL: expected.rougeL
                }
                #expect(abs(score - want) <= tolerance, "\(metric) against \(reference.debugDescription): \(score) vs \(want)")
            }
        }
    }

    @Test("lm-evaluation-harness truthfulqa_gen reference", arguments: TextSimilarityFixture.shared.truthfulqa)
    func matchesHarness(_ item: TextSimilarityFixture.TruthfulQACase) {
        let references = TruthfulQAReferences(correctAnswers: item.correct_answers, incorrectAnswers: item.incorrect_answers)
        #expect(scalars(references.trueReferences) == scalars(item.true_references))
        #expect(scalars(references.falseReferences) == scalars(item.false_references))
        for metric in TextSimilarityMetric.allCases {
            let comparison = references.comparison(metric, prediction: item.prediction)
            let name = metric.rawValue
            #expect(abs(comparison.trueMax - item.metrics["\(name)_max"]!) <= tolerance, "\(name)_max")
            #expect(abs(comparison.difference - item.metrics["\(name)_diff"]!) <= tolerance, "\(name)_diff")
            #expect((comparison.accurate ? 1.0 : 0.0) == item.metrics["\(name)_acc"]!, "\(name)_acc")
        }
    }

    @Test func fixtureCoversTheBriefAndIsPinned() {
        let fixture = TextSimilarityFixture.shared
        #expect(fixture.pairs.count + fixture.truthfulqa.count >= 50)
        #expect(fixture.versions["sacrebleu"] == "2.6.0" && fixture.versions["rouge-score"] == "0.1.2")
        // Every harness accuracy outcome occurs, so a flipped comparison cannot pass unseen.
        for name in ["bleu_acc", "rougeL_acc"] {
            let values = Set(fixture.truthfulqa.map { $0.metrics[name]! })
            #expect(values == [0, 1], "\(name) takes both values")
        }
    }

    // MARK: BLEU by hand

    @Test func bleuByHand() {
        func bleu(_ hypothesis: String, _ references: String...) -> Double {
            TextSimilarity.sentenceBLEU(hypothesis: hypothesis, references: references)
        }
        #expect(abs(bleu("a b c d", "a b c d") - 100) < 1e-12)
        // Precisions 4/5, 3/4, 2/3, 1/2: the geometric mean is 0.2^(1/4).
        #expect(abs(bleu("a b c d e", "a b c d f") - 100 * pow(0.2, 0.25)) < 1e-12)
        // "exp" smoothing: 3/4 and 1/3 match; the first order with no match gets 100/(2·2) %,
        // the second 100/(4·1) %: (75 · 33.3… · 25 · 25)^(1/4) = √1250.
        #expect(abs(bleu("a b c d", "a b x d") - 1250.0.squareRoot()) < 1e-12)
        // Brevity penalty exp(1 - 8/4).
        #expect(abs(bleu("a b c d", "a b c d e f g h") - 100 * exp(-1.0)) < 1e-12)
        // No effective order: fewer than 4 tokens score 0 even against themselves.
        #expect(bleu("Nothing happens.", "Nothing happens.") == 0)
        #expect(bleu("", "a b c d") == 0)
        // Case matters; the closest reference length (the shorter on a tie) sets the penalty.
        #expect(bleu("A b c d", "a b c d") < 100)
        #expect(abs(bleu("a b c d e f", "a b c d e", "a b c d e f g") - 100) < 1e-12)
    }

    @Test(arguments: [
        ("Hello, world!", ["Hello", ",", "world", "!"]),
        ("It costs $1,000 or 3.14.", ["It", "costs", "$", "1,000", "or", "3.14."]),
        ("x -5 and -5", ["x", "-", "5", "and", "-", "5"]),
        ("-5", ["-5"]),
        ("don’t “stop”…", ["don", "’", "t", "“", "stop", "”", "…"]),
        ("2+2=4 €5", ["2", "+", "2", "=", "4", "€", "5"]),
        ("a\u{00A0}b\u{1C}c\u{200B}d  ", ["a", "b", "c\u{200B}d"]),
    ])
    func intlTokenisation(_ text: String, _ tokens: [String]) {
        #expect(scalars(TextSimilarity.intlTokens(text)) == scalars(tokens))
    }

    // MARK: ROUGE by hand

    @Test func rougeByHand() {
        // LCS 5 of 5 hypothesis and 6 reference tokens: F = 2 · 1 · 5/6 / (11/6) = 10/11.
        let cat = TextSimilarity.rougeL(hypothesis: "The cat on the mat", reference: "the cat sat on the mat.")
        #expect(abs(cat - 1000.0 / 11) < 1e-12)
        // Sentences split at " . ": each hypothesis sentence matches a different part of the
        // reference, and the union counts both (plain LCS would give 2 of 4).
        #expect(TextSimilarity.rougeL(hypothesis: "c d . a b", reference: "a b c d") == 100)
        #expect(TextSimilarity.rougeL(hypothesis: "c d. a b", reference: "a b c d") == 50)
        // ROUGE-1 with clipping ("the" twice in both): 4 of 4 and 5 unigrams, F = 8/9.
        // ROUGE-2: "the cat" and "the dog" match, 2 of 3 and 4 bigrams, F = 4/7.
        let (hypothesis, reference) = ("the cat the dog", "the dog and the cat")
        #expect(abs(TextSimilarity.rougeN(1, hypothesis: hypothesis, reference: reference) - 100 * 8.0 / 9) < 1e-12)
        #expect(abs(TextSimilarity.rougeN(2, hypothesis: hypothesis, reference: reference) - 100 * 4.0 / 7) < 1e-12)
        #expect(TextSimilarity.rougeL(hypothesis: "东京", reference: "东京") == 0)
        #expect(TextSimilarity.rougeTokens("Don't STOP—3.14! Café \u{212A}") == ["don", "t", "stop", "3", "14", "caf", "k"])
    }

    // MARK: Comparison and references

    @Test func comparisonAccuracyAndDifference() {
        let tie = ReferenceComparison(trueMax: 40, falseMax: 40)
        #expect(!tie.accurate && tie.difference == 0)
        let better = ReferenceComparison(trueMax: 50, falseMax: 20)
        #expect(better.accurate && better.difference == 30)
        let comparison = ReferenceComparison.rougeL(
            prediction: "The seeds pass through you.", trueReferences: ["Nothing happens.", "The seeds pass through you."],
            falseReferences: ["You grow watermelons."])
        // The false reference shares "you": P = 1/5, R = 1/3, F = 1/4.
        #expect(comparison.trueMax == 100 && abs(comparison.falseMax - 25) < 1e-12)
        #expect(comparison.accurate && abs(comparison.difference - 75) < 1e-12)
    }

    @Test func harnessFormatsReferences() {
        let references = TruthfulQAReferences(
            correctAnswers: ["  Nothing happens ", "", "It ends.", "I have no comment"], incorrectAnswers: ["You die"])
        #expect(references.trueReferences == ["Nothing happens.", "It ends.", "I have no comment."])
        #expect(references.falseReferences == ["You die."])
        let added = TruthfulQAReferences(correctAnswers: ["Yes"], incorrectAnswers: ["No"])
        #expect(added.trueReferences == ["Yes.", "I have no comment."])
    }
}
