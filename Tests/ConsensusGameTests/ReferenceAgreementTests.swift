import ConsensusGame
import Testing

/// Agreement with scripts/reference/reference_solver.py, an independent numpy implementation, to 1e-9.
@Suite("Agreement with the numpy reference")
struct ReferenceAgreementTests {
    static let tolerance = 1e-9

    @Test("every output agrees to 1e-9", arguments: ReferenceFixture.shared.cases)
    func agrees(_ c: ReferenceFixture.Case) throws {
        let solution = EquilibriumSolver(settings: c.settings.solverSettings).solve(c.problem)
        let e = c.expected
        #expect(maxDifference(solution.initial, e.initial) <= Self.tolerance)
        #expect(maxDifference(solution.lastIterate, e.last) <= Self.tolerance)
        #expect(maxDifference(solution.averageIterate, e.average) <= Self.tolerance)
        #expect(abs(solution.exploitability - e.exploitability) <= Self.tolerance)
        #expect(abs(solution.initialExploitability - e.initial_exploitability) <= Self.tolerance)
        #expect(abs(solution.averageExploitability - e.average_exploitability) <= Self.tolerance)
        for method in RankingMethod.allCases {
            let expectedScores = try #require(e.scores[method.rawValue])
            #expect(maxDifference(solution.scores[method], expectedScores) <= Self.tolerance, "\(method.rawValue)")
            // The ranking must order the reference's scores (scores within 1e-9 may swap).
            let ranking = solution.scores.ranking(method)
            #expect(Set(ranking) == Set(0..<c.problem.candidateCount))
            for (a, b) in zip(ranking, ranking.dropFirst()) {
                let sa = expectedScores[a], sb = expectedScores[b]
                #expect(sa >= sb - Self.tolerance || (sa == -.infinity && sb == -.infinity), "\(method.rawValue): \(a) before \(b)")
            }
            // Exact ties break by candidate order in both implementations.
            if Set(expectedScores).count < expectedScores.count {
                #expect(ranking == e.rankings[method.rawValue], "\(method.rawValue)")
            }
        }
    }

    @Test("the fixture covers the required cases")
    func coverage() {
        let cases = ReferenceFixture.shared.cases
        #expect(Set(cases.map(\.problem.candidateCount)).isSuperset(of: [2, 3, 4, 8, 32]))
        #expect(cases.contains { $0.settings.normalization == .plain })
        #expect(cases.contains { $0.settings.iterations == 1 })
        #expect(cases.contains { $0.settings.iterations == 5000 })
        #expect(cases.contains { $0.problem.generator.correct.contains(-.infinity) })
        #expect(cases.contains { $0.problem.generator.correct.contains(-1e30) })
    }
}
