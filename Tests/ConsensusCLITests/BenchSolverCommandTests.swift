import Foundation
import Testing

@Suite("consensus bench solver")
struct BenchSolverCommandTests {
    @Test("prints a markdown table with one row per candidate count")
    func table() throws {
        let result = try ConsensusBinary.run(["bench", "solver", "--candidates", "2", "5", "--iterations", "20",
                                              "--problems", "10", "--singles", "2", "--repetitions", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| n ") }
        #expect(rows.count == 2)
        for (row, n) in zip(rows, [2, 5]) {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(cells.first == "\(n)")
            #expect(cells.count == 6)
            #expect(cells.dropFirst().allSatisfy { Double($0).map { $0 > 0 } ?? false }, "\(row)")
        }
    }

    @Test("takes the solver options of rank and solve")
    func solverOptions() throws {
        let result = try ConsensusBinary.run(["bench", "solver", "--candidates", "3", "--solver", "extragradient", "--iterations", "15",
                                              "--problems", "4", "--singles", "1", "--repetitions", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("extragradient solver, T = 15,"), "\(result.stdout)")
        let list = try ConsensusBinary.run(["bench", "solver", "--iterations", "10,20"])
        #expect(list.status != 0 && list.stderr.contains("bench solver takes one value each"), "\(list.stderr)")
    }

    @Test("rejects a candidate count below 2")
    func invalid() throws {
        let result = try ConsensusBinary.run(["bench", "solver", "--candidates", "1"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--candidates"))
    }
}
