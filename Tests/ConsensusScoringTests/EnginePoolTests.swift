import Testing

@testable import ConsensusScoring

/// An engine that answers after a short wait and records how many calls it served at once.
private actor CountingEngine: ScoringEngine, GeneratingEngine {
    nonisolated let model = ModelDescription(
        name: "toy", engine: "toy", architecture: "toy", location: "", vocabularySize: 0, trainedContextLength: 0,
        contextLength: 0, fileHash: "0")
    let name: String
    private(set) var calls = 0
    private(set) var running = 0
    private(set) var mostAtOnce = 0

    init(name: String) { self.name = name }

    private func enter() {
        calls += 1
        running += 1
        mostAtOnce = max(mostAtOnce, running)
    }

    func score(_ group: ScoringGroup) async throws -> GroupScores {
        enter()
        try await Task.sleep(for: .milliseconds(20))
        running -= 1
        return GroupScores(continuations: [], labels: [], cost: ScoringCost(modelCalls: 1))
    }

    func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        enter()
        try await Task.sleep(for: .milliseconds(20))
        running -= 1
        return GenerationResult(
            samples: [GeneratedText(text: name, tokens: [], tokenLogProbabilities: [], stopReason: .endOfText)], greedy: nil,
            cost: ScoringCost())
    }
}

@Suite struct EnginePoolTests {
    @Test func callsRunOnFreeEnginesOneAtATimeEach() async throws {
        let engines = [CountingEngine(name: "a"), CountingEngine(name: "b"), CountingEngine(name: "c")]
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
        var total = 0
        for engine in engines {
            #expect(await engine.mostAtOnce == 1)  // an engine is never given a second call while busy
            #expect(await engine.calls >= 1)  // 12 calls of 20 ms on 3 engines: every engine works
            total += await engine.calls
        }
        #expect(total == 12)
    }
}
