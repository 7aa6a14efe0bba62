import ConsensusGame
import ConsensusLlama
import ConsensusRanking
import ConsensusRemote
import ConsensusScoring
import ConsensusServer
import ConsensusTesting
import Foundation
import NIOHTTP1
import Testing

/// The remote engine against `consensus serve` over loopback gives the in-process scores.
@Suite(.serialized) struct ServerScoringTests {
    static let questions = [
        RankingQuestion(question: "Which planet is known as the Red Planet?", candidates: ["Mars", "Venus", "Jupiter", "Saturn"]),
        RankingQuestion(
            question: "What do bees make?", context: "Bees live in hives and visit flowers.",
            candidates: ["Honey", "Milk", "Silk in a very long thread that goes on and on"]),
    ]

    /// The 3n requests of each question (continuations and multi-token labels), plus requests
    /// whose prompt ends in whitespace.
    static var group: ScoringGroup {
        var group = ScoringGroup()
        var options = RankingOptions()
        options.template = TemplateLibrary.builtIn.first { $0.name == "passage" }!
        for q in questions {
            let g = EquilibriumRanker(engine: FixtureEngine(), options: options, logger: ServerFixture.logger).group(for: q)
            group.continuations += g.continuations
            group.labels += g.labels
        }
        group.labels.append(LabelRequest(prompt: "Is the sky blue? Answer:", labels: [" Yes", " No", " Yes, it is blue"]))
        group.continuations.append(ContinuationRequest(prompt: "The capital of France is ", continuation: "Paris"))
        return group
    }

    @Test(arguments: [true, false])
    func remoteEngineReproducesInProcessScores(tokenIDs: Bool) async throws {
        let engine = try ServerFixture.engine()
        let expected = try await engine.score(Self.group)
        try await ServerFixture.withServer { server in
            var settings = RemoteEngineSettings(baseURL: server.url, kind: .openai)
            settings.tokenIDPrompts = tokenIDs
            let remote = try await RemoteEngine.connect(settings, logger: ServerFixture.logger)
            #expect(remote.sendsTokenIDs == tokenIDs)
            #expect(remote.model.name == engine.model.name)
            #expect(remote.model.engine != engine.model.engine)
            let scores = try await remote.score(Self.group)
            let pairs = zip(
                scores.continuations + scores.labels.flatMap { $0 }, expected.continuations + expected.labels.flatMap { $0 })
            for (got, want) in pairs {
                #expect(abs(got.logProbability - want.logProbability) <= 1e-5)
                #expect(got.continuationTokenCount == want.continuationTokenCount)
                #expect(got.promptTokenCount == want.promptTokenCount)
                #expect(got.isGreedy == want.isGreedy)
            }
            #expect(scores.labels.last![2].continuationTokenCount > 1)
        }
    }

    @Test func oneGeneratedTokenAgreesWithTheEcho() async throws {
        try await ServerFixture.withServer { server in
            let echo = try await ServerFixture.post(
                server.url + "/v1/completions", ["prompt": "The capital of France is Paris", "max_tokens": 0, "echo": true, "logprobs": 1])
            let generated = try await ServerFixture.post(
                server.url + "/v1/completions", ["prompt": "The capital of France is", "max_tokens": 1, "logprobs": 1])
            let echoed = try #require(((echo.json["choices"] as? [[String: Any]])?[0]["logprobs"] as? [String: Any])?["token_logprobs"] as? [Any])
            #expect(echoed.first is NSNull)
            #expect(echoed.count == 6)
            let choice = try #require((generated.json["choices"] as? [[String: Any]])?[0])
            #expect(choice["text"] as? String == " Paris")
            let value = try #require(((choice["logprobs"] as? [String: Any])?["token_logprobs"] as? [Double])?[0])
            #expect(abs(value - (echoed.last as! Double)) < 1e-9)
        }
    }

    @Test func concurrentRankingsAreBatchedAndExact() async throws {
        let options = RankingOptions()
        var scores: [[Double]] = []
        for q in Self.questions {
            let result = try await EquilibriumRanker(engine: try ServerFixture.engine(), options: options, logger: ServerFixture.logger).rank(q)
            scores.append(result.problem.generator.correct + result.problem.discriminator.correct)
        }
        let expected = scores
        var settings = ServerSettings()
        settings.cacheSize = 0
        try await ServerFixture.withServer(settings) { server in
            let requests = (0..<6).map { Self.questions[$0 % 2] }
            let answers = try await withThrowingTaskGroup(of: (Int, ServerFixture.Answer).self) { group in
                for (i, q) in requests.enumerated() {
                    group.addTask {
                        var body: [String: Any] = ["question": q.question, "candidates": q.candidates]
                        if let context = q.context { body["context"] = context }
                        return (i, try await ServerFixture.post(server.url + "/v1/rank", body))
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            for (i, answer) in answers {
                #expect(answer.status == 200, "\(answer.text)")
                let scores = try #require(answer.json["lm_scores"] as? [String: [String: [Double]]])
                let got = scores["generator"]!["correct"]! + scores["discriminator"]!["correct"]!
                #expect(zip(got, expected[i % 2]).allSatisfy { abs($0 - $1) <= 1e-9 })
            }
            let metrics = try await ServerFixture.request(.GET, server.url + "/metrics").text
            let batches = try #require(Self.value(of: "consensus_engine_batches_total", in: metrics))
            #expect(batches < 6, "6 concurrent rankings took \(batches) engine calls")
        }
    }

    @Test func repeatedSequencesComeFromTheCache() async throws {
        try await ServerFixture.withServer { server in
            let body: [String: Any] = ["prompt": "Hello there, general", "max_tokens": 0, "echo": true, "logprobs": 0]
            let first = try await ServerFixture.post(server.url + "/v1/completions", body)
            let second = try await ServerFixture.post(server.url + "/v1/completions", body)
            #expect(first.json["choices"] as? NSArray == second.json["choices"] as? NSArray)
            let metrics = try await ServerFixture.request(.GET, server.url + "/metrics").text
            #expect(Self.value(of: "consensus_cache_hits_total", in: metrics) == 1)
            #expect(Self.value(of: "consensus_cache_misses_total", in: metrics) == 1)
        }
    }

    static func value(of metric: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(metric + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }
}
