import ConsensusLlama
import ConsensusScoring
import ConsensusTesting
import Foundation
import Logging
import Synchronization
import Testing

@testable import ConsensusEvaluation

@Suite("Long and over-long items")
struct LongItemTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let key = ScoreCache.Key(engine: "test", modelHash: String(repeating: "1", count: 64), templateHash: "t")

    /// What the fixture engine says when it refuses a request.
    static let refusal = "the request has 20007 tokens, more than the context length of 2048"

    /// The fixture engine's text-hash scores, packing `groupsPerCall` groups a call, and a refusal
    /// of any request whose prompt holds "TOO LONG", as an engine refuses a request longer than
    /// its context.
    static func engine(groupsPerCall: Int = 1) -> FixtureEngine {
        FixtureEngine(groupsPerCall: groupsPerCall) { request in
            if request.prompt.contains("TOO LONG") { throw ScoringError(.requestTooLong, refusal) }
            return FixtureEngine.textHash(request)
        }
    }

    static func cache() throws -> ScoreCache {
        try ScoreCache(path: FileManager.default.temporaryDirectory.appendingPathComponent("consensus-long-\(UUID()).sqlite").path)
    }

    static func group(_ n: Int, prompt: String = "Q?") -> ScoringGroup {
        ScoringGroup(continuations: (0..<n).map { ContinuationRequest(prompt: prompt, continuation: " choice \($0)") })
    }

    /// A group of 300 requests (an item of 75 choices) goes in pieces of 120, with progress after each;
    /// its scores are those of the item scored whole.
    @Test func aLongItemIsScoredInPiecesWithProgressInsideIt() async throws {
        let engine = Self.engine()
        var scorer = CachedScorer(engine: engine, cache: try Self.cache(), logger: Self.logger)
        scorer.requestsPerCall = 120
        let seen = Mutex<[(done: Int, requests: Int, total: Int)]>([])
        let result = try await scorer.score([Self.group(300)], key: Self.key) { p in
            seen.withLock { $0.append((p.done, p.requestsDone, p.requestsTotal)) }
        }
        #expect(engine.record.groupSizes == [[120], [120], [60]])
        let progress = seen.withLock { $0 }
        #expect(progress.map(\.requests) == [0, 120, 240, 300])
        #expect(progress.map(\.done) == [0, 0, 0, 1])
        #expect(progress.allSatisfy { $0.total == 300 })

        var whole = CachedScorer(engine: Self.engine(), cache: try Self.cache(), logger: Self.logger)
        whole.requestsPerCall = 1000
        #expect(try await whole.score([Self.group(300)], key: Self.key).scores == result.scores)
    }

    /// Short groups are still packed as before; a long one between them goes alone, in pieces.
    @Test func shortItemsArePackedAndALongOneBetweenThemIsSplit() {
        let needed = [2, 3, 250, 4].map { n in (0..<n).map { ContinuationRequest(prompt: "Q", continuation: "\($0)") } }
        let calls = CachedScorer.calls(missing: [0, 1, 2, 3], needed: needed, labels: Array(repeating: [], count: 4), perCall: 8, requestsPerCall: 120)
        #expect(calls.map { $0.map(\.item) } == [[0, 1], [2], [2], [2], [3]])
        #expect(calls.map { $0.map(\.requests.count) } == [[2, 3], [120], [120], [10], [4]])
    }

    /// The engine refuses a request of a call of three groups: the error names the group.
    @Test func theRefusedGroupOfAPackedCallIsFound() async throws {
        let scorer = CachedScorer(engine: Self.engine(groupsPerCall: 3), cache: try Self.cache(), logger: Self.logger)
        let error = await #expect(throws: CachedScorer.GroupError.self) {
            try await scorer.score([Self.group(3), Self.group(3, prompt: "TOO LONG"), Self.group(3)], key: Self.key)
        }
        #expect(error?.group == 1)
        #expect(error?.error.kind == .requestTooLong)
    }

    /// Through the evaluator, the refusal names the item's file, line and id.
    @Test func anOverLongItemIsNamedByFileLineAndId() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("consensus-long-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("arc_easy.jsonl").path
        try """
            {"id": "short_1", "question": "Q?", "choices": ["a", "b"], "answer": 0}
            {"id": "short_2", "question": "Q?", "choices": ["c", "d"], "answer": 1}
            {"id": "long_1", "question": "TOO LONG", "choices": ["a", "b"], "answer": 0}

            """.write(toFile: path, atomically: true, encoding: .utf8)
        let evaluator = BenchmarkEvaluator(engine: Self.engine(groupsPerCall: 8), cache: try Self.cache(), logger: Self.logger)
        let error = await #expect(throws: ItemError.self) {
            try await evaluator.run(EvaluationPlan(tasks: [.init(task: .arcEasy, path: path)]))
        }
        #expect(error?.line == 3)
        #expect(error?.id == "long_1")
        #expect(error?.description == "\(path):3: item \"long_1\": \(Self.refusal)")
    }

    /// The real engine with a context of 256 tokens and a question of about 600: the error of
    /// llama.cpp's engine names the item.
    @Test func theRealEngineRefusalNamesTheItem() async throws {
        var settings = LlamaEngineSettings()
        settings.threads = 1
        settings.contextLength = 256
        let engine = try SmallModel.engine(settings)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("consensus-long-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("mmlu.jsonl").path
        let long = Array(repeating: "The committee met again to discuss the budget.", count: 60).joined(separator: " ")
        try """
            {"id": "law_0", "subject": "law", "question": "Who wrote the law?", "choices": ["A judge", "A parliament"], "answer": 1}
            {"id": "law_1", "subject": "law", "question": "\(long) What did it discuss?", "choices": ["The budget", "The weather"], "answer": 0}

            """.write(toFile: path, atomically: true, encoding: .utf8)
        let evaluator = BenchmarkEvaluator(engine: engine, cache: try Self.cache(), logger: Self.logger)
        let error = await #expect(throws: ItemError.self) {
            try await evaluator.run(EvaluationPlan(tasks: [.init(task: .mmlu, path: path)]))
        }
        #expect(error?.description.hasPrefix("\(path):2: item \"law_1\": request 1 of the group has ") == true)
        #expect(error?.description.contains("more than the context length of 256") == true)
    }
}
