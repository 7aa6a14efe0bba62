import ConsensusScoring
import Foundation
import Testing

@testable import ConsensusRemote

/// Reading a group from the fewest echoed prompts: the plan, and the engine on a fake vLLM that
/// honours `logprob_token_ids`.
@Suite struct EchoPlanTests {
    @Test func theDiscriminatorsPromptCarriesTheGeneratorAndBothLabels() {
        // Generator: [1, 2] + candidate [3]; discriminator: [1, 2, 3, 4] + labels [5] / [6];
        // another generator prompt [1, 7] + [3, 8].
        let plan = EchoPlan([
            (prompt: [1, 2], continuation: [3]),
            (prompt: [1, 2, 3, 4], continuation: [5]),
            (prompt: [1, 2, 3, 4], continuation: [6]),
            (prompt: [1, 7], continuation: [3, 8]),
        ])
        #expect(plan.prompts == [.init(tokens: [1, 2, 3, 4], next: [5, 6]), .init(tokens: [1, 7, 3], next: [8])])
        #expect(plan.reads[0] == [.echo(prompt: 0, position: 2)])
        #expect(plan.reads[1] == [.next(prompt: 0, column: 0)])
        #expect(plan.reads[2] == [.next(prompt: 0, column: 1)])
        #expect(plan.reads[3] == [.echo(prompt: 1, position: 2), .next(prompt: 1, column: 0)])
    }

    @Test func identicalRequestsShareTheirReads() {
        let plan = EchoPlan([(prompt: [9, 9], continuation: [9]), (prompt: [9, 9], continuation: [9]), (prompt: [4], continuation: [5])])
        #expect(plan.prompts == [.init(tokens: [9, 9], next: [9]), .init(tokens: [4], next: [5])])
        #expect(plan.reads[0] == plan.reads[1])
    }

    @Test func scoresAsPlainEchoFromFewerPrompts() async throws {
        let bodies = ToyServers.Requests()
        let server = try await FakeServer(ToyServers.openAIWithNextTokenIDs(bodies: bodies))
        defer { Task { await server.stop() } }
        let engine = try await RemoteEngineTests.connect(RemoteEngineTests.settings(server))
        #expect(engine.model.engine.contains("next-token ids"))
        let before = await bodies.bodies.count
        let scores = try await engine.score(RemoteEngineTests.group)
        let all = scores.continuations + scores.labels.flatMap { $0 }
        for (request, score) in zip(RemoteEngineTests.group.allContinuationRequests, all) {
            var prompt = request.prompt
            var continuation = request.continuation
            while prompt.last?.isWhitespace == true { continuation = String(prompt.removeLast()) + continuation }
            #expect(abs(score.logProbability - ToyModel.expected(prompt: prompt, continuation: continuation)) < 1e-9, "\(request)")
        }
        // One request, five prompts for the six requests: the label prompt carries " yes" and
        // " no" after it; " not at all" and each candidate need one of their own.
        #expect(await bodies.bodies.count - before == 1)
        let last = try #require(await bodies.bodies.last)
        let body = try #require(try JSONSerialization.jsonObject(with: last) as? [String: Any])
        #expect((body["prompt"] as? [[Int]])?.count == 5)
        #expect(scores.cost.tokensEvaluated == scores.cost.tokensSent)
        #expect(scores.cost.tokensSent < scores.cost.tokensWithoutSharing)
    }

    @Test func plainEchoWhenAskedOrWhenTheServerIgnoresTheIDs() async throws {
        let bodies = ToyServers.Requests()
        let server = try await FakeServer(ToyServers.openAIWithNextTokenIDs(bodies: bodies))
        defer { Task { await server.stop() } }
        var settings = RemoteEngineTests.settings(server)
        settings.route = .echo
        let asked = try await RemoteEngineTests.connect(settings)
        #expect(!asked.model.engine.contains("next-token ids"))
        _ = try await asked.score(RemoteEngineTests.group)
        #expect(await bodies.bodies.isEmpty)
        // The plain fake vLLM ignores logprob_token_ids: the check finds no ids and keeps echo.
        let plain = try await FakeServer(ToyServers.openAI())
        defer { Task { await plain.stop() } }
        let ignoring = try await RemoteEngineTests.connect(RemoteEngineTests.settings(plain))
        #expect(!ignoring.model.engine.contains("next-token ids"))
    }

    @Test func aRequestLongerThanTheServersContextIsRefusedByName() async throws {
        let server = try await FakeServer(ToyServers.openAIWithNextTokenIDs())
        defer { Task { await server.stop() } }
        let engine = try await RemoteEngineTests.connect(RemoteEngineTests.settings(server))
        let long = String(repeating: " w", count: 600)
        let group = ScoringGroup(continuations: [
            ContinuationRequest(prompt: "Question:", continuation: " yes"), ContinuationRequest(prompt: "Question:" + long, continuation: " no"),
        ])
        let error = await #expect(throws: ScoringError.self) { try await engine.score(group) }
        #expect(error?.kind == .requestTooLong)
        #expect(error?.message.contains("request 2 of the group has 602 tokens, more than the context length of 512") == true)
    }
}

/// vLLM's token route on a fake vLLM with a block prefix cache.
@Suite struct TokenRouteTests {
    /// Two candidates that share four words: the second's prompt (the question and those words)
    /// is read from the first word on, inside the blocks the first candidate's prompt cached.
    static let group = ScoringGroup(
        continuations: [
            ContinuationRequest(prompt: "Question: which words come next in the list?\nAnswer:", continuation: " a1 a2 a3 a4 a5 a6 a7"),
            ContinuationRequest(prompt: "Question: which words come next in the list?\nAnswer:", continuation: " a1 a2 a3 a4 b5"),
            ContinuationRequest(prompt: "Question: which words come next in the list?\nIncorrect answer:", continuation: " b5"),
        ],
        labels: [LabelRequest(prompt: "Question: which words come next in the list?\nAnswer: a1\nCorrect?", labels: [" yes", " no"])])

    @Test func scoresAsEchoReadingTheCacheOnlyWhereVLLMComputed() async throws {
        let bodies = ToyServers.Requests()
        let server = try await FakeServer(ToyServers.openAIWithTokenRoute(block: 4, bodies: bodies))
        defer { Task { await server.stop() } }
        let engine = try await RemoteEngineTests.connect(RemoteEngineTests.settings(server))
        #expect(engine.model.engine.contains("vLLM token route"))
        let before = await bodies.bodies.count
        let scores = try await engine.score(Self.group)
        let all = scores.continuations + scores.labels.flatMap { $0 }
        for (request, score) in zip(Self.group.allContinuationRequests, all) {
            #expect(abs(score.logProbability - ToyModel.expected(prompt: request.prompt, continuation: request.continuation)) < 1e-9, "\(request)")
        }
        let requests = await bodies.bodies.dropFirst(before).map { ToyServers.json($0)["sampling_params"] as? [String: Any] ?? [:] }
        let retried = requests.filter { $0["skip_reading_prefix_cache"] as? Bool == true }.count
        #expect(retried == 1, "\(requests)")
        #expect(requests.count == scores.cost.modelCalls)
        #expect(scores.cost.tokensEvaluated < scores.cost.tokensSent)
    }

    /// vLLM cannot write an answer whose stale entries hold an infinity; such a prompt is asked
    /// again without the cache, and the scores are the same.
    @Test func anAnswerVLLMCannotWriteIsAskedAgainWithoutTheCache() async throws {
        let bodies = ToyServers.Requests()
        let server = try await FakeServer(ToyServers.openAIWithTokenRoute(block: 4, unwritableStale: true, bodies: bodies))
        defer { Task { await server.stop() } }
        let engine = try await RemoteEngineTests.connect(RemoteEngineTests.settings(server))
        let before = await bodies.bodies.count
        let scores = try await engine.score(Self.group)
        let all = scores.continuations + scores.labels.flatMap { $0 }
        for (request, score) in zip(Self.group.allContinuationRequests, all) {
            #expect(abs(score.logProbability - ToyModel.expected(prompt: request.prompt, continuation: request.continuation)) < 1e-9, "\(request)")
        }
        let requests = await bodies.bodies.dropFirst(before).map { ToyServers.json($0)["sampling_params"] as? [String: Any] ?? [:] }
        #expect(requests.filter { $0["skip_reading_prefix_cache"] as? Bool == true }.count >= 1, "\(requests)")
        #expect(requests.count == scores.cost.modelCalls)
    }
}

@Suite struct PrefixLeaderTests {
    /// Prompts that begin alike form one family; the first (longest) of each goes ahead.
    @Test func oneLeaderPerFamilyOfSharedPrefixes() {
        let question = Array(Int32(1)...20), other = Array(Int32(101)...120)
        let prompts = [question + [7, 8, 9], question + [7], other + [5, 5], question + [3], other, [1, 2]]
        #expect(RemoteScorer.prefixLeaders(prompts) == [0, 2, 5])
        #expect(RemoteScorer.prefixLeaders(prompts, shared: 30) == [0, 1, 2, 3, 4, 5])
    }
}
