import ConsensusGame
import Foundation
import Testing

@testable import ConsensusEvaluation

@Suite("Metrics")
struct MetricsTests {
    typealias F = OutcomeFixtures

    @Test func tiedBestCandidatesGetSplitCredit() {
        // HHH-like: the preferred response is first. D scores both 0.5: a tie.
        let o = F.outcome(id: "h", answers: [0], g: [-3, -2], d: [0.5, 0.5], erd: [0.7, 0.2])
        #expect(o.pick(.discriminative) == 0)  // the ranking's tie rule picks the first…
        #expect(o.bestCandidates(.discriminative) == [0, 1])
        #expect(o.credit(.discriminative) == 0.5)  // …but the credit is split
        #expect(o.credit(.equilibriumDiscriminator) == 1)
        #expect(o.credit(.generative) == 0)
        // Three tied of four, the answer among them: 1/3; the answer outside them: 0.
        let three = F.outcome(id: "t", answers: [2], g: [-1, -1, -1, -5])
        #expect(three.credit(.generative) == 1.0 / 3)
        #expect(F.outcome(id: "u", answers: [3], g: [-1, -1, -1, -5]).credit(.generative) == 0)
    }

    @Test func accuracyAndStandardErrorByHand() throws {
        // D credits: 1 (right, alone), 0 (wrong), 0.5 (tie of two). Mean 0.5; sample sd
        // sqrt((0.25 + 0.25 + 0) / 2) = 0.5; stderr 0.5 / sqrt(3).
        let outcomes = [
            F.outcome(id: "a", answers: [0], g: [-1, -2], d: [0.9, 0.1]),
            F.outcome(id: "b", answers: [0], g: [-1, -2], d: [0.2, 0.6]),
            F.outcome(id: "c", answers: [1], g: [-1, -2], d: [0.4, 0.4]),
        ]
        let result = try TaskResult(task: .hhh, solver: SolverSettings(), outcomes: outcomes)
        let d = result.metrics[.discriminative]
        #expect(d.metric == "acc" && d.count == 3)
        #expect(abs(d.value - 0.5) < 1e-12)
        #expect(abs(d.standardError! - 0.5 / 3.0.squareRoot()) < 1e-12)
        // G picks candidate 0 every time: right, right, wrong.
        #expect(abs(result.metrics[.generative].value - 2.0 / 3) < 1e-12)
        // SC is uniform (all tied): 1/2 credit on each item.
        let sc = result.metrics[.selfContrastive]
        #expect(sc.value == 0.5 && sc.standardError == 0)
    }

    @Test func singleItemHasNoStandardError() {
        let estimate = MetricEstimate(method: .generative, metric: "acc", values: [1])
        #expect(estimate.value == 1 && estimate.standardError == nil && estimate.count == 1)
    }

    @Test func mc2MassForEveryMethodByHand() throws {
        // P(y|correct) = 0.5, 0.3, 0.2; P(correct|y) = 0.9, 0.6, 0.3; true answers 0 and 1.
        let o = F.outcome(
            id: "m", answers: [0, 1], g: [log(0.5), log(0.3), log(0.2)], logD: [log(0.9), log(0.6), log(0.3)],
            sc: [0.2, 0.3, 0.5], d: [0.9, 0.6, 0.3], erg: [0.6, 0.3, 0.1], erd: [0.8, 0.1, 0.1])
        #expect(abs(o.trueMass(.generative) - 0.8) < 1e-12)
        #expect(abs(o.trueMass(.mutualInformation) - (0.45 + 0.18) / 0.69) < 1e-12)
        #expect(abs(o.trueMass(.selfContrastive) - 0.5) < 1e-12)
        #expect(abs(o.trueMass(.discriminative) - 1.5 / 1.8) < 1e-12)
        #expect(abs(o.trueMass(.equilibriumGenerator) - 0.9) < 1e-12)
        #expect(abs(o.trueMass(.equilibriumDiscriminator) - 0.9) < 1e-12)
        // MI* = SC × D = (0.18, 0.18, 0.15), normalised over the candidates.
        #expect(abs(o.trueMass(.initialPolicyProduct) - 0.36 / 0.51) < 1e-12)
        let result = try TaskResult(task: .truthfulqaMC2, solver: SolverSettings(), outcomes: [o])
        #expect(result.metrics.metric == .trueMass)
        #expect(result.metrics[.discriminative].metric == "mc2")
        #expect(result.metrics.generativeVariants.isEmpty)
    }

    @Test func mc2OfHugeLogProbabilitiesStaysFinite() {
        // Sums of token log-probs far below the smallest double's log: softmax in log space.
        let o = F.outcome(id: "x", answers: [1], g: [-2000, -2000 + log(3.0), -.infinity])
        #expect(abs(o.trueMass(.generative) - 0.75) < 1e-12)
        let none = F.outcome(id: "y", answers: [1], g: [-.infinity, -.infinity])
        #expect(none.trueMass(.generative) == 0.5)
    }

    @Test func lengthNormalisedGenerativeAccuracy() throws {
        // "a" has 1 character and 1 byte; "ééé" 3 characters and 6 bytes. Log-probs -2 and -7:
        // acc and acc_norm (-2 > -7/3) pick "a"; acc_bytes (-7/6 > -2) picks "ééé", the answer.
        let o = F.outcome(id: "n", choices: ["a", "ééé"], answers: [1], g: [-2, -7])
        #expect(o.credit(.generative) == 0)
        #expect(o.credit(.characters) == 0)
        #expect(o.credit(.bytes) == 1)
        let m = try TaskResult(task: .arcEasy, solver: SolverSettings(), outcomes: [o]).metrics
        #expect(m.generativeVariants.map(\.metric) == ["acc_norm", "acc_bytes"])
        #expect(m.generativeVariants.map(\.value) == [0, 1])
    }

    @Test func lengthsCountCodePointsAndBytes() {
        // "é" written as e + combining accent: one grapheme, two code points (Python's len), three bytes.
        #expect(LengthNormalization.characters.length(of: "e\u{301}") == 2)
        #expect(LengthNormalization.bytes.length(of: "e\u{301}") == 3)
        #expect(LengthNormalization.characters.length(of: "") == 1)
    }

    @Test func normalisationReadsTheUnnormalisedLogProbabilities() {
        // G itself was per-character scored; acc_norm must use the raw sums.
        let o = F.outcome(id: "r", choices: ["aa", "b"], answers: [0], g: [-1, -1.5], generatorLogProbabilities: [-2, -1.5])
        #expect(o.normalizedGeneratorScores(.characters) == [-1, -1.5])
        #expect(o.credit(.characters) == 1)
    }

    @Test func agreementCountsEqualPicks() throws {
        // G picks 0, 1; D picks 0, 0 (the second a tie, the lowest index); ER-G picks 1, 1.
        let outcomes = [
            F.outcome(id: "a", answers: [0], g: [-1, -2], d: [0.9, 0.1], erg: [0.4, 0.6]),
            F.outcome(id: "b", answers: [0], g: [-2, -1], d: [0.5, 0.5], erg: [0.3, 0.7]),
        ]
        let m = try TaskResult(task: .arcEasy, solver: SolverSettings(), outcomes: outcomes).metrics
        #expect(m.agreement.count == 21)  // 7 methods: 7 · 6 / 2 pairs
        #expect(m.agreement(.generative, .discriminative) == 0.5)
        #expect(m.agreement(.discriminative, .generative) == 0.5)
        #expect(m.agreement(.generative, .equilibriumGenerator) == 0.5)
        #expect(m.agreement(.discriminative, .equilibriumGenerator) == 0)
        #expect(m.agreement(.generative, .generative) == 1)
    }

    @Test func exploitabilityStatistics() throws {
        let outcomes = [0.4, 0.1, 0.3, 0.2].enumerated().map { i, e in
            F.outcome(id: "e\(i)", answers: [0], g: [-1, -2], exploitability: e / 100, initialExploitability: e)
        }
        let stats = try TaskResult(task: .arcEasy, solver: SolverSettings(), outcomes: outcomes).metrics.exploitability
        #expect(abs(stats.initial.mean - 0.25) < 1e-12)
        #expect(abs(stats.initial.median - 0.25) < 1e-12)
        #expect(stats.initial.maximum == 0.4)
        #expect(abs(stats.final.median - 0.0025) < 1e-12)
        #expect(stats.final.maximum == 0.004)
        #expect(ExploitabilityStatistics.Summary([3, 1, 2]).median == 2)
    }

    @Test func outcomesThatDoNotFitTheirItemAreErrors() {
        let short = F.outcome(id: "s", choices: ["a", "b", "c"], answers: [0], g: [-1, -2])
        #expect(throws: BenchmarkError(field: "problem.generator.correct", reason: "has 2 entries but the item has 3 choices (item \"s\")")) {
            try TaskResult(task: .arcEasy, solver: SolverSettings(), outcomes: [short])
        }
        let two = F.outcome(id: "t", answers: [0, 1], g: [-1, -2])
        #expect(throws: BenchmarkError(field: "item.answers", reason: "has 2 answers; this task has one right answer per item (item \"t\")")) {
            try TaskResult(task: .arcEasy, solver: SolverSettings(), outcomes: [two])
        }
        #expect(throws: BenchmarkError.self) { try TaskResult(task: .arcEasy, solver: SolverSettings(), outcomes: []) }
        let a = F.outcome(id: "same", answers: [0], g: [-1, -2])
        #expect(throws: BenchmarkError(field: "item.id", reason: "is \"same\" in two outcomes of arc_easy")) {
            try TaskResult(task: .arcEasy, solver: SolverSettings(), outcomes: [a, a])
        }
    }

    @Test(arguments: [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1], [1, 3, 0, 2]])
    func metricsIgnoreCandidateOrderWithoutTies(permutation: [Int]) {
        // Candidate i of the original goes to position permutation[i]; the answers follow.
        func permuted(_ xs: [Double]) -> [Double] {
            var out = xs
            for (i, p) in permutation.enumerated() { out[p] = xs[i] }
            return out
        }
        let g = [-3.0, -1.5, -2.25, -4], logD = [-0.1, -1.2, -0.5, -2], sc = [0.1, 0.4, 0.3, 0.2]
        let d = [0.8, 0.3, 0.6, 0.1], erg = [0.05, 0.5, 0.35, 0.1], erd = [0.7, 0.2, 0.9, 0.05]
        let choices = ["a", "bb", "ccc", "dddd"]
        for answers in [[1], [2], [0, 2]] {
            let original = F.outcome(id: "o", choices: choices, answers: answers, g: g, logD: logD, sc: sc, d: d, erg: erg, erd: erd)
            let moved = F.outcome(
                id: "o", choices: choices.indices.map { i in choices[permutation.firstIndex(of: i)!] },
                answers: answers.map { permutation[$0] }, g: permuted(g), logD: permuted(logD), sc: permuted(sc),
                d: permuted(d), erg: permuted(erg), erd: permuted(erd))
            for m in RankingMethod.allCases {
                #expect(original.credit(m) == moved.credit(m))
                #expect(abs(original.trueMass(m) - moved.trueMass(m)) < 1e-12)
                #expect(permutation[original.pick(m)] == moved.pick(m))
            }
            for n in LengthNormalization.allCases { #expect(original.credit(n) == moved.credit(n)) }
        }
    }
}
