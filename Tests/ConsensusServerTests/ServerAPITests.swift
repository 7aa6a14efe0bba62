import ConsensusGame
import ConsensusLlama
import ConsensusScoring
import ConsensusServer
import Foundation
import NIOHTTP1
import Testing

/// Limits, errors, the solver route, the documents, and graceful shutdown.
@Suite(.serialized) struct ServerAPITests {
    @Test func limitsAndBadInputAnswerJSONErrorsNamingTheField() async throws {
        var settings = ServerSettings()
        settings.maxBodyBytes = 2048
        settings.maxCandidates = 3
        try await ServerFixture.withServer(settings) { server in
            let rank = server.url + "/v1/rank"
            let big = try await ServerFixture.post(rank, ["question": String(repeating: "x", count: 4000), "candidates": ["a", "b"]])
            #expect(big.status == 413)
            #expect(big.errorMessage?.contains("larger than the server's limit") == true)

            let many = try await ServerFixture.post(rank, ["question": "q?", "candidates": ["a", "b", "c", "d"]])
            #expect(many.status == 400)
            #expect(many.errorParam == "candidates")

            // A field the route does not take is no field of its schema: no param, as OpenAI answers.
            let unknown = try await ServerFixture.post(rank, ["question": "q?", "candidates": ["a", "b"], "choices": []])
            #expect(unknown.status == 400)
            #expect(unknown.errorParam == nil && unknown.errorMessage?.contains("\"choices\"") == true)

            let badOption = try await ServerFixture.post(rank, ["question": "q?", "candidates": ["a", "b"], "options": ["eta": -1]])
            #expect(badOption.status == 400)
            #expect(badOption.errorParam == "options.eta")

            let template = try await ServerFixture.post(rank, ["question": "q?", "candidates": ["a", "b"], "options": ["template": "/etc/passwd"]])
            #expect(template.errorParam == "options.template")

            let notJSON = try await ServerFixture.request(.POST, rank, body: Data("{\"question\": ".utf8))
            #expect(notJSON.status == 400)
            #expect(notJSON.errorMessage?.hasPrefix("the body is not valid JSON") == true)

            let completions = server.url + "/v1/completions"
            let badToken = try await ServerFixture.post(completions, ["prompt": [[1, 2], [3, 99_999_999]], "max_tokens": 0, "echo": true])
            #expect(badToken.status == 400)
            #expect(badToken.errorParam == "prompt.1.1")

            let generate = try await ServerFixture.post(completions, ["prompt": "Hello", "max_tokens": 50])
            #expect(generate.errorParam == "max_tokens")
            // A vLLM client's sampling request is refused for sampling, not for its field names.
            let sample = try await ServerFixture.post(
                completions, ["prompt": "Hello", "max_tokens": 50, "stop": ["\n\n"], "seed": 3, "return_tokens_as_token_ids": true])
            #expect(sample.status == 400 && sample.errorParam == "max_tokens")
            // `seed` is ignored, so any integer is taken, one too large for Int among them (schemathesis
            // sends such); a fraction is still refused, naming the field.
            let hugeSeed = try await ServerFixture.request(
                .POST, completions, body: Data(#"{"prompt": "Hello", "max_tokens": 0, "seed": 5900000000000000000000000000}"#.utf8))
            #expect(hugeSeed.status == 200)
            let fractionSeed = try await ServerFixture.post(completions, ["prompt": "Hello", "max_tokens": 0, "seed": 1.5])
            #expect(fractionSeed.status == 400 && fractionSeed.errorParam == "seed")

            let model = try await ServerFixture.post(completions, ["prompt": "Hello", "max_tokens": 0, "model": "gpt-4"])
            #expect(model.status == 404)
            #expect(model.errorParam == "model")
        }
    }

    /// The cap counts the token positions the engine would evaluate: a prefix the prompts share
    /// counts once. Beyond it the answer is 413, naming the cap and the field, and nothing is scored.
    @Test func aRequestBeyondTheTokenCapIs413() async throws {
        var settings = ServerSettings()
        settings.maxRequestTokens = 17
        try await ServerFixture.withServer(settings) { server in
            let completions = server.url + "/v1/completions"
            let long = try await ServerFixture.post(
                completions, ["prompt": String(repeating: "one two three ", count: 10), "max_tokens": 0, "echo": true])
            #expect(long.status == 413, "\(long.text)")
            #expect(long.errorParam == "prompt")
            #expect(long.errorMessage?.contains("at most 17 per request (--max-request-tokens)") == true, "\(long.text)")
            // Two prompts of 15 ids sharing 12: 30 tokens, but 12 + 2 + 2 = 16 positions evaluated; a third makes 18.
            let shared = Array(100..<112)
            let two = try await ServerFixture.post(
                completions, ["prompt": [shared + [200, 201, 202], shared + [300, 301, 302]], "max_tokens": 0, "echo": true])
            #expect(two.status == 200, "\(two.text)")
            let three = try await ServerFixture.post(
                completions, ["prompt": [shared + [200, 201, 202], shared + [300, 301, 302], shared + [400, 401, 402]], "max_tokens": 0, "echo": true])
            #expect(three.status == 413 && three.errorMessage?.contains("needs 18 token positions") == true, "\(three.text)")

            let rank = try await ServerFixture.post(
                server.url + "/v1/rank", ["question": "Which planet is known as the Red Planet?", "candidates": ["Mars", "Venus"]])
            #expect(rank.status == 413, "\(rank.text)")
            #expect(rank.errorParam == "question" && rank.errorMessage?.contains("at most 17 per request") == true, "\(rank.text)")
        }
    }

    /// By default the cap is the context length: one full context per request. The served
    /// document says so, and prompts that need more positions than that are refused at once.
    @Test func theDefaultCapIsTheContextLength() async throws {
        let context = try ServerFixture.engine().model.contextLength
        #expect(ServerSettings().requestTokenCap(contextLength: context) == context)
        let document = try #require(ScoringServer.openAPIDocument(settings: ServerSettings(), model: ServerFixture.engine().model))
        #expect(document.contains("need more than \(context) token positions"))
        try await ServerFixture.withServer { server in
            // Three prompts that fit the context one by one, and together need more than one context.
            let prompts = (0..<3).map { k in [k + 1] + Array(repeating: 500 + k, count: context / 2) }
            let started = ContinuousClock.now
            let answer = try await ServerFixture.post(server.url + "/v1/completions", ["prompt": prompts, "max_tokens": 0, "echo": true])
            #expect(answer.status == 413 && answer.errorParam == "prompt", "\(answer.text)")
            #expect(answer.errorMessage?.contains("at most \(context) per request") == true, "\(answer.text)")
            #expect(started.duration(to: .now) < .seconds(5), "refused before any is evaluated")
        }
    }

    /// With `options.equilibrium_iterate: "average"`, the answer agrees with itself:
    /// `probability_correct` is `scores["ER-D"]`, the average iterate's π_D(correct | y), and the
    /// ER-D pick is its best candidate. MI* is among the methods.
    @Test func rankWithTheAverageIterateAgreesWithItself() async throws {
        try await ServerFixture.withServer { server in
            let answer = try await ServerFixture.post(
                server.url + "/v1/rank",
                ["question": "Which planet is known as the Red Planet?", "candidates": ["Mars", "Venus", "Jupiter"],
                 "options": ["equilibrium_iterate": "average", "iterations": 50]])
            #expect(answer.status == 200)
            let probability = try #require(answer.json["probability_correct"] as? [Double])
            let scores = try #require(answer.json["scores"] as? [String: [Double]])
            let average = try #require(answer.json["average"] as? [String: [String: [Double]]])
            let final = try #require(answer.json["final"] as? [String: [String: [Double]]])
            #expect(average["discriminator"]?["correct"] != final["discriminator"]?["correct"], "the two iterates differ")
            #expect(probability == scores["ER-D"])
            #expect(probability == average["discriminator"]?["correct"])
            let pick = try #require((answer.json["pick"] as? [String: Int])?["ER-D"])
            #expect(probability[pick] == probability.max())
            #expect(scores["MI*"]?.count == 3)
        }
    }

    @Test func solveAnswersWhatTheSolverFinds() async throws {
        let generator = ByCorrectness(correct: [-1.4, -4.5, -7.2], incorrect: [-1.9, -3.6, -6.3])
        let discriminator = ByCorrectness(correct: [-0.63, -0.62, -0.68], incorrect: [-2.5, -2.36, -2.41])
        let solution = EquilibriumSolver().solve(try ConsensusProblem(generator: generator, discriminator: discriminator))
        try await ServerFixture.withServer { server in
            let body: [String: Any] = [
                "generator": ["correct": generator.correct, "incorrect": generator.incorrect],
                "discriminator": ["correct": discriminator.correct, "incorrect": discriminator.incorrect], "id": "q1",
            ]
            let answer = try await ServerFixture.post(server.url + "/v1/solve", body)
            #expect(answer.status == 200)
            #expect(answer.json["id"] as? String == "q1")
            #expect(abs((answer.json["exploitability"] as? Double ?? .nan) - solution.exploitability) < 1e-12)
            let picks = try #require(answer.json["pick"] as? [String: Int])
            #expect(picks["ER-D"] == solution.scores.pick(.equilibriumDiscriminator))

            let bad = try await ServerFixture.post(server.url + "/v1/solve", ["generator": body["generator"]!, "discriminator": ["correct": [0.5]]])
            #expect(bad.status == 400)
            #expect(bad.errorParam?.hasPrefix("discriminator") == true)
        }
    }

    @Test func healthMetricsAndTheOpenAPIDocument() async throws {
        let committed = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/ConsensusServer/openapi.yaml"),
            encoding: .utf8)
        let model = try ServerFixture.engine().model
        let served = try #require(ScoringServer.openAPIDocument(settings: ServerSettings(), model: model))
        #expect(!served.contains("{{"), "every placeholder is filled")
        #expect(served.contains("maxItems: 64") && served.contains("\"\(model.name)\""))
        try await ServerFixture.withServer { server in
            let health = try await ServerFixture.request(.GET, server.url + "/health")
            #expect(health.status == 200)
            #expect(health.json["status"] as? String == "ok")
            let document = try await ServerFixture.request(.GET, server.url + "/openapi.yaml")
            #expect(document.text == served)
            for path in ["/v1/rank", "/v1/solve", "/v1/completions", "/tokenize", "/health", "/metrics"] {
                #expect(committed.contains("\n  \(path):\n"))
            }
            let missing = try await ServerFixture.request(.GET, server.url + "/nowhere")
            #expect(missing.status == 404)
            #expect(missing.errorMessage == "no route for GET /nowhere; the routes are in GET /openapi.yaml")
            let metrics = try await ServerFixture.request(.GET, server.url + "/metrics")
            #expect(metrics.text.contains("consensus_requests_total{route=\"/health\",status=\"200\"} 1"))
            #expect(metrics.text.contains("consensus_request_duration_seconds_bucket{route=\"/openapi.yaml\""))
        }
    }

    @Test func shutdownFinishesRequestsInFlight() async throws {
        var settings = ServerSettings()
        settings.cacheSize = 0
        try await ServerFixture.withServer(settings) { server in
            let inFlight = Task {
                try await ServerFixture.post(
                    server.url + "/v1/rank",
                    ["question": "Which of these is a fruit that grows on trees in warm countries?", "candidates": ["Mango", "Potato", "Carrot", "Onion", "Garlic"]])
            }
            try await Task.sleep(for: .milliseconds(150))
            await server.shutdown()
            let answer = try await inFlight.value
            #expect(answer.status == 200, "\(answer.text)")
        }
    }
}
