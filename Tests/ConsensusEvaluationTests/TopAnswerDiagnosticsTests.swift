import ConsensusGame
import Foundation
import Testing

@testable import ConsensusEvaluation

/// The authors' two diagnostics, by hand: G against D, and the accuracy where SC and D agree.
@Suite("Top-answer diagnostics")
struct TopAnswerDiagnosticsTests {
    typealias F = OutcomeFixtures

    /// Six two-candidate items; top answers are the sets tied for the best score.
    ///
    /// | item | answer | G top | D top | SC top | G ≠ D | SC = D | credit there |
    /// |---|---|---|---|---|---|---|---|
    /// | a | 0 | 0 | 0 | 0 | no | yes | 1 |
    /// | b | 0 | 1 | 0 | 1 | yes | no | |
    /// | c | 1 | 0 | 1 | 1 | yes | yes | 1 |
    /// | d | 1 | 0 | 0 | 0 | no | yes | 0 |
    /// | e | 0 | {0, 1} | {0, 1} | {0, 1} | no | yes | 1/2 |
    /// | f | 0 | 0 | {0, 1} | 0 | yes | no | |
    ///
    /// G ≠ D on 3 of 6: 0.5, standard error √(0.3 / 6). SC = D on a, c, d, e: credits 1, 1, 0,
    /// 1/2, mean 0.625, sample variance 0.6875 / 3, standard error √(0.6875 / 12).
    static let outcomes = [
        F.outcome(id: "a", answers: [0], g: [-1, -2], sc: [0.7, 0.3], d: [0.9, 0.1]),
        F.outcome(id: "b", answers: [0], g: [-2, -1], sc: [0.4, 0.6], d: [0.8, 0.2]),
        F.outcome(id: "c", answers: [1], g: [-1, -2], sc: [0.2, 0.8], d: [0.3, 0.7]),
        F.outcome(id: "d", answers: [1], g: [-1, -2], sc: [0.6, 0.4], d: [0.6, 0.4]),
        F.outcome(id: "e", answers: [0], g: [-1, -1], sc: [0.5, 0.5], d: [0.5, 0.5]),
        F.outcome(id: "f", answers: [0], g: [-1, -2], sc: [0.9, 0.1], d: [0.5, 0.5]),
    ]

    @Test func byHand() throws {
        let d = TopAnswerDiagnostics(outcomes: Self.outcomes)
        let disagreement = d.generatorDiscriminatorDisagreement
        #expect(disagreement.count == 6 && disagreement.value == 0.5)
        #expect(abs(disagreement.standardError! - (0.3 / 6).squareRoot()) < 1e-15)
        let agreed = try #require(d.initialAgreementAccuracy)
        #expect(agreed.count == 4 && agreed.value == 0.625)
        #expect(abs(agreed.standardError! - (0.6875 / 12).squareRoot()) < 1e-15)
        // Item f: D's tie makes its top answers {0, 1}, not G's {0}, although the two picks (the
        // lowest index of the tied) agree; the agreement table counts picks.
        let metrics = try TaskResult(task: .arcEasy, solver: SolverSettings(), outcomes: Self.outcomes).metrics
        #expect(metrics.diagnostics == d)
        #expect(metrics.agreement(.generative, .discriminative) == 4.0 / 6)
    }

    @Test func withoutAgreementThereIsNoAccuracyAndOneItemHasNoStandardError() {
        let one = TopAnswerDiagnostics(outcomes: [Self.outcomes[1]])
        #expect(one.generatorDiscriminatorDisagreement.value == 1 && one.generatorDiscriminatorDisagreement.standardError == nil)
        #expect(one.initialAgreementAccuracy == nil)
    }

    /// The diagnostics survive results.json, and a document written before they existed reads.
    @Test func theyAreInResultsJSON() throws {
        let result = try TaskResult(task: .arcEasy, solver: SolverSettings(), outcomes: Self.outcomes)
        let document = ResultsDocument(configuration: ReportTests.configuration, results: [result])
        let data = try document.encoded()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let tasks = try #require(object["tasks"] as? [[String: Any]])
        let metrics = try #require(tasks.first?["metrics"] as? [String: Any])
        let diagnostics = try #require(metrics["diagnostics"] as? [String: Any])
        #expect(Set(diagnostics.keys) == ["generatorDiscriminatorDisagreement", "initialAgreementAccuracy"])
        let agreed = try #require(diagnostics["initialAgreementAccuracy"] as? [String: Any])
        #expect(agreed["value"] as? Double == 0.625 && agreed["count"] as? Int == 4)
        #expect(try ResultsDocument(decoding: data).tasks[0].metrics.diagnostics == result.metrics.diagnostics)
    }
}
