import ConsensusTesting
import Testing

@testable import ConsensusScoring

@Suite struct EnginePoolTests {
    @Test func callsRunOnFreeEnginesOneAtATimeEach() async throws {
        // Each engine answers after 20 ms and records how many calls it served at once.
        let engines = ["a", "b", "c"].map { FixtureEngine(name: $0, delay: .milliseconds(20)) }
        let pool = EnginePool(engines)
        #expect(pool.count == 3)
        let served = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<12 {
                group.addTask {
                    if i.isMultiple(of: 2) {
                        _ = try await pool.score(ScoringGroup(continuations: []))
                        return "score"
                    }
                    return try await pool.generate(GenerationRequest(prompt: "p", samples: 1)).samples[0].text
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(served.count == 12)
        #expect(served.filter { $0 == "score" }.count == 6)
        var total = 0
        for engine in engines {
            #expect(engine.record.mostAtOnce == 1)  // an engine is never given a second call while busy
            #expect(engine.record.calls >= 1)  // 12 calls of 20 ms on 3 engines: every engine works
            total += engine.record.calls
        }
        #expect(total == 12)
        // A generation is answered by the engine that ran it.
        #expect(Set(served.filter { $0 != "score" }).isSubset(of: ["a", "b", "c"]))
    }
}
