import ConsensusGame
import ConsensusScoring
import ConsensusTesting
import Foundation
import Testing

/// The one random-problem distribution of the tests, `bench solver` and SolverBenchmark: its
/// stream is fixed, so the three draw the same problems from the same seed.
@Suite("Random problems")
struct RandomProblemTests {
    /// The first batch problem for n = 2 and seed 1 (stream seed 1 + 2), as an independent Python
    /// transcription of SplitMix64 and the draw order computes it (glibc's log).
    @Test func theStreamIsFixed() {
        let problem = ConsensusProblem.randomBatch(1, candidates: 2, seed: 1)[0]
        #expect(problem.generator.correct == [-40.121635291542354, -14.887378915505199])
        #expect(problem.generator.incorrect == [-18.642088650495154, -41.86673031881323])
        #expect(problem.discriminator.correct == [-1.5443397248705868, -0.49749984633922867])
        #expect(problem.discriminator.incorrect == [-1.1699798585926369, -1.0177168400140801])
    }

    @Test func aBatchIsTheStreamOfSeedPlusN() {
        var random = SplitMix64(seed: 7 &+ 5)
        let drawn = (0..<3).map { _ in ConsensusProblem.random(candidates: 5, using: &random) }
        #expect(ConsensusProblem.randomBatch(3, candidates: 5, seed: 7) == drawn)
        #expect(ConsensusProblem.randomBatch(3, candidates: 4, seed: 8) != ConsensusProblem.randomBatch(3, candidates: 4, seed: 7))
    }

    @Test(arguments: [2, 4, 32])
    func valuesStayInTheirRanges(candidates n: Int) {
        for problem in ConsensusProblem.randomBatch(200, candidates: n, seed: 1) {
            #expect(problem.candidateCount == n)
            #expect(problem.generator.correct.allSatisfy { (-45 ..< -2).contains($0) })
            #expect(problem.generator.incorrect.allSatisfy { (-45 ..< -2).contains($0) })
            for (c, i) in zip(problem.discriminator.correct, problem.discriminator.incorrect) {
                let (p, q) = (exp(c), exp(i))
                #expect(p >= 0.01 - 1e-15 && p < 0.95 + 1e-15)
                // P(incorrect) = (1 − p)·u with u in [0.3, 1): the two labels never spend more than 1.
                #expect(q >= 0.3 * (1 - p) - 1e-15 && p + q <= 1 + 1e-15)
            }
        }
    }

    @Test func uniformDrawsTheHigh53Bits() {
        var random = SplitMix64(seed: 1234567)
        #expect(random.uniform(0, 1) == Double(6457827717110365317 >> 11) * 0x1p-53)  // its first output
        var c = SplitMix64(seed: 3)
        #expect((0..<1000).map { _ in c.uniform(-2, 5) }.allSatisfy { $0 >= -2 && $0 < 5 })
    }
}
