import Foundation
import Testing

@testable import ConsensusEvaluation

/// ``ItemAnalysis`` on hand-made outcomes whose buckets and sides are worked out by hand.
@Suite("Item analysis")
struct ItemAnalysisTests {
    /// Three two-choice items, answer 0 each.
    /// - a: G sure (margin ln 9 ≈ 2.2) and right, D wrong; ER-D sides with G (right), ER-G with D (wrong).
    /// - b: G unsure (margin ln(0.55/0.45) ≈ 0.2) and wrong, D right; both ER methods side with D (right).
    /// - c: G (margin ln(7/3) ≈ 0.85) and D agree and are right; so are ER-G and ER-D.
    static let outcomes = [
        OutcomeFixtures.outcome(id: "a", answers: [0], g: [log(0.9), log(0.1)], d: [0.2, 0.8], erg: [0.4, 0.6], erd: [0.7, 0.3]),
        OutcomeFixtures.outcome(id: "b", answers: [0], g: [log(0.45), log(0.55)], d: [0.9, 0.1], erg: [0.8, 0.2], erd: [0.8, 0.2]),
        OutcomeFixtures.outcome(id: "c", answers: [0], g: [log(0.7), log(0.3)], d: [0.6, 0.4], erg: [0.6, 0.4], erd: [0.6, 0.4]),
    ]

    @Test func marginsAreGsLogRatioOfItsTopTwo() {
        #expect(abs(Self.outcomes[0].generatorMargin - log(9)) < 1e-12)
        #expect(abs(Self.outcomes[1].generatorMargin - log(0.55 / 0.45)) < 1e-12)
    }

    @Test func confidenceBucketsHoldTheirItemsAndEachMethodsAccuracy() throws {
        let a = ItemAnalysis(metric: .accuracy, outcomes: Self.outcomes)
        // Empty buckets are left out: [0, 0.25) holds b, [0.5, 1) holds c, [2, 4) holds a.
        #expect(a.confidence.map(\.lower) == [0, 0.5, 2])
        #expect(a.confidence.map(\.count) == [1, 1, 1])
        #expect(a.confidence.map(\.upper) == [0.25, 1, 4])
        #expect(a.confidence[0].values["G"] == 0 && a.confidence[0].values["ER-D"] == 1)
        #expect(a.confidence[2].values["G"] == 1 && a.confidence[2].values["ER-G"] == 0 && a.confidence[2].values["ER-D"] == 1)
        // The fixtures' incorrect prompt is the correct one shifted: divergence 0, one bucket.
        #expect(a.divergence.count == 1 && a.divergence[0].count == 3 && a.divergence[0].lower == 0)
        #expect(abs(a.divergence[0].values["G"]! - 2.0 / 3) < 1e-12)
    }

    @Test func disagreementsCountWhereTheGameWentAndWhetherItWasRight() throws {
        let d = ItemAnalysis(metric: .accuracy, outcomes: Self.outcomes).disagreement
        #expect(d.items == 3 && d.before == 2 && d.after == 1)
        #expect(d.gRight == 1 && d.dRight == 1)
        let erg = try #require(d.sides.first { $0.method == "ER-G" }), erd = try #require(d.sides.first { $0.method == "ER-D" })
        #expect((erg.withG, erg.withGRight, erg.withD, erg.withDRight, erg.neither) == (0, 0, 2, 1, 0))
        #expect((erd.withG, erd.withGRight, erd.withD, erd.withDRight, erd.neither) == (1, 1, 1, 1, 0))
    }

    @Test func theMetricsCarryItAndItSurvivesJSON() throws {
        let metrics = TaskMetrics(metric: .accuracy, outcomes: Self.outcomes)
        let analysis = try #require(metrics.analysis)
        let back = try JSONDecoder().decode(TaskMetrics.self, from: JSONEncoder().encode(metrics))
        #expect(back.analysis == analysis)
    }
}
