import ConsensusGame
import ConsensusScoring
import ConsensusTesting
@testable import ConsensusRanking
import Foundation
import Testing

/// ``WireEncoder`` writes what `JSONEncoder` with ``WireFormat``'s settings writes, byte for byte.
@Suite struct WireEncoderTests {
    static func same<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reference = String(decoding: try WireFormat.encoder().encode(value), as: UTF8.self)
        let fast = String(decoding: try WireEncoder().encode(value), as: UTF8.self)
        #expect(fast == reference, sourceLocation: sourceLocation)
    }

    /// Random problems (seeded; some with probability-0 candidates), both solvers, with and
    /// without a trajectory and a target, ids of every JSON kind.
    @Test func solveAnswersAreJSONEncodersBytes() throws {
        var random = SplitMix64(seed: 28)
        let ids: [JSONValue?] = [
            nil, .integer(7), .string("q/1 \"é\"\n\t\u{1}"), .number(0.1, text: "0.1"), .bool(true), .null,
            .array([.integer(1), .string("x")]), .object([(key: "camelCaseKey", value: .integer(1)), (key: "ER-G", value: .object([(key: "innerKey", value: .null)]))]),
        ]
        for (i, id) in ids.enumerated() {
            let n = 2 + i % 4
            let drawn = ConsensusProblem.random(candidates: n, using: &random)
            var generatorCorrect = drawn.generator.correct
            if i % 3 == 0 { generatorCorrect[0] = -.infinity }
            let problem = try ConsensusProblem(
                generator: ByCorrectness(correct: generatorCorrect, incorrect: drawn.generator.incorrect),
                discriminator: drawn.discriminator)
            var settings = SolverSettings.default
            settings.iterations = 300
            settings.solver = i % 2 == 0 ? .piKL : .extragradient
            if i % 2 == 1 { settings.targetExploitability = 1e-6 }
            if i % 4 == 0 { settings.exploitabilityInterval = 50 }
            try Self.same(SolveResponse(id: id, solution: EquilibriumSolver(settings: settings).solve(problem)))
        }
    }

    @Test func rankAnswersAreJSONEncodersBytes() throws {
        let r = try DegenerateGameTests.result(incorrect: [log(0.6) - 1, log(0.3) - 1, log(0.1) - 1])
        let model = ModelDescription(name: "m/1", engine: "e", architecture: "llama", location: "m.gguf", vocabularySize: 2, trainedContextLength: 8, contextLength: 8, fileHash: "ab")
        try Self.same(RankResponse(r, model: model))
    }

    struct Edges: Encodable {
        var aURLValue = 1
        var x1Y = -0.0
        var _leading = 1e20
        var trailing_ = 1e-5
        var numbers: [Double] = [1, 0.5, 1e16, 1e15, 123456789, 2.5e-300, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        var floats: [Float] = [0.1, 1, .infinity]
        var text = "a/b\"\\ \u{8}\u{c}\r\u{1f}é😀"
        var byKey: [String: Int] = ["b10": 1, "b9": 2, "Zed": 3, "zed": 4, "camelCase": 5]
        var nested: [[String: [Int?]]] = [["k": [1, nil]]]
        var absent: Int? = nil
        var flags = [true, false]
        var integers: [Int64] = [.min, .max]
        var unsigned: UInt8 = 255
    }

    @Test func edgeCasesOfKeysNumbersAndStrings() throws {
        try Self.same(Edges())
        #expect(WireEncoder.snakeCase("iterationsUsed") == "iterations_used")
    }
}
