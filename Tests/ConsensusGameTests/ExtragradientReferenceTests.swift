import ConsensusGame
import Testing

/// Agreement with scripts/reference/reference_extragradient.py, an independent numpy implementation of
/// the extragradient solver and of the target-exploitability rule, to 1e-9.
@Suite("Agreement with the numpy reference: extragradient and target exploitability")
struct ExtragradientReferenceTests {
    static let tolerance = 1e-9

    @Test("every output agrees to 1e-9", arguments: ReferenceFixture.extragradient.cases)
    func agrees(_ c: ReferenceFixture.Case) throws {
        let solution = EquilibriumSolver(settings: c.settings.solverSettings).solve(c.problem)
        let e = c.expected
        #expect(solution.solver == c.settings.solver)
        #expect(maxDifference(solution.initial, e.initial) <= Self.tolerance)
        #expect(maxDifference(solution.lastIterate, e.last) <= Self.tolerance)
        #expect(maxDifference(solution.averageIterate, e.average) <= Self.tolerance)
        #expect(abs(solution.exploitability - e.exploitability) <= Self.tolerance)
        #expect(abs(solution.initialExploitability - e.initial_exploitability) <= Self.tolerance)
        #expect(abs(solution.averageExploitability - e.average_exploitability) <= Self.tolerance)
        #expect(solution.iterationsUsed == e.iterations_used)
        #expect(solution.converged == e.converged)
        for method in RankingMethod.allCases {
            let expectedScores = try #require(e.scores[method.rawValue])
            #expect(maxDifference(solution.scores[method], expectedScores) <= Self.tolerance, "\(method.rawValue)")
            // The ranking must order the reference's scores (scores within 1e-9 may swap).
            let ranking = solution.scores.ranking(method)
            for (a, b) in zip(ranking, ranking.dropFirst()) {
                let sa = expectedScores[a], sb = expectedScores[b]
                #expect(sa >= sb - Self.tolerance || (sa == -.infinity && sb == -.infinity), "\(method.rawValue): \(a) before \(b)")
            }
            if Set(expectedScores).count < expectedScores.count {
                #expect(ranking == e.rankings[method.rawValue], "\(method.rawValue)")
            }
        }
    }

    @Test("the fixture covers the required cases")
    func coverage() {
        let cases = ReferenceFixture.extragradient.cases
        let extragradient = cases.filter { $0.settings.solver == .extragradient }
        #expect(Set(extragradient.map(\.problem.candidateCount)).isSuperset(of: [2, 3, 4, 8, 32]))
        #expect(extragradient.contains { $0.problem.generator.correct.contains(-.infinity) })
        #expect(extragradient.contains { $0.problem.generator.correct.contains(-1e30) })
        #expect(extragradient.contains { $0.settings.lambda_generator == 0.01 })
        #expect(extragradient.contains { $0.settings.lambda_generator == 10 })
        #expect(extragradient.contains { $0.settings.lambda_generator < 1.0 / 128 })  // the two-pass softmax
        // The target: reached by each solver, and missed at the cap.
        #expect(cases.contains { $0.settings.solver == .piKL && $0.expected.converged == true })
        #expect(cases.contains { $0.settings.solver == .piKL && $0.expected.converged == false })
        #expect(extragradient.contains { $0.expected.converged == true && $0.settings.target_exploitability == 1e-9 })
        #expect(extragradient.contains { $0.expected.converged == false })
        #expect(extragradient.contains { $0.expected.converged == true && $0.expected.iterations_used == 0 })
    }
}
