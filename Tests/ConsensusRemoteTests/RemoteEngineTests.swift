import ConsensusScoring
import Foundation
import Logging
import Testing

@testable import ConsensusRemote

/// The remote engines against fake servers over real HTTP on loopback: tokenization and
/// slicing, the self-check, retries and errors.
@Suite struct RemoteEngineTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func settings(_ server: FakeServer, _ kind: RemoteEngineSettings.Kind = .openai) -> RemoteEngineSettings {
        var s = RemoteEngineSettings(baseURL: server.url + "/v1/", kind: kind)
        s.backoff = .milliseconds(10)
        s.timeout = .seconds(5)
        return s
    }

    static func connect(_ settings: RemoteEngineSettings) async throws -> RemoteEngine {
        try await RemoteEngine.connect(settings, logger: logger)
    }

    static let group = ScoringGroup(
        continuations: [
            ContinuationRequest(prompt: "Question: which colour is the sky?\nAnswer:", continuation: " blue"),
            ContinuationRequest(prompt: "Question: which colour is the sky?\nAnswer:", continuation: " a deep green"),
            ContinuationRequest(prompt: "Question: which colour is the sky? \nAnswer: ", continuation: "grey"),
        ],
        labels: [LabelRequest(prompt: "Is blue the colour of the sky? Answer:", labels: [" yes", " no", " not at all"])])

    @Test(arguments: [(RemoteEngineSettings.Kind.openai, true), (.openai, false), (.sglang, true), (.sglang, false)])
    func scoresFollowTheHarnessSplit(kind: RemoteEngineSettings.Kind, tokenizes: Bool) async throws {
        let server = try await FakeServer(kind == .openai ? ToyServers.openAI(tokenizes: tokenizes) : ToyServers.sglang(tokenizes: tokenizes))
        defer { Task { await server.stop() } }
        let engine = try await Self.connect(Self.settings(server, kind))
        #expect(engine.sendsTokenIDs == tokenizes)
        #expect(engine.model.name == "toy")
        let scores = try await engine.score(Self.group)
        let all = scores.continuations + scores.labels.flatMap { $0 }
        for (request, score) in zip(Self.group.allContinuationRequests, all) {
            var prompt = request.prompt
            var continuation = request.continuation
            while prompt.last?.isWhitespace == true { continuation = String(prompt.removeLast()) + continuation }
            #expect(abs(score.logProbability - ToyModel.expected(prompt: prompt, continuation: continuation)) < 1e-9, "\(request)")
            #expect(score.promptTokenCount == ToyModel.tokenize(prompt).count)
        }
        #expect(scores.labels[0][2].continuationTokenCount == 3)
    }

    @Test func differentModelsGetDifferentFingerprints() async throws {
        let a = try await FakeServer(ToyServers.openAI())
        let b = try await FakeServer(ToyServers.sglang())
        defer { Task { await a.stop(); await b.stop() } }
        let first = try await Self.connect(Self.settings(a))
        let again = try await Self.connect(Self.settings(a))
        let other = try await Self.connect(Self.settings(b, .sglang))
        #expect(first.model.fileHash == again.model.fileHash)
        #expect(first.model.engine != other.model.engine)
        #expect(first.model.engine.contains("remote openai"))
    }

    @Test func refusesAServerWithoutPromptLogProbabilities() async throws {
        let server = try await FakeServer(ToyServers.openAI(echo: .missing))
        defer { Task { await server.stop() } }
        let error = await #expect(throws: ScoringError.self) { try await Self.connect(Self.settings(server)) }
        #expect(error?.kind == .unsupportedModel)
        #expect(error?.message.contains("returns no prompt log-probabilities") == true)
    }

    @Test func refusesShiftedLogProbabilities() async throws {
        let server = try await FakeServer(ToyServers.openAI(echo: .shifted))
        defer { Task { await server.stop() } }
        let error = await #expect(throws: ScoringError.self) { try await Self.connect(Self.settings(server)) }
        #expect(error?.message.contains("shifted by one position") == true)
    }

    @Test func retriesServerErrorsThenSucceeds() async throws {
        let calls = Counter()
        let toy = ToyServers.openAI()
        let server = try await FakeServer { method, path, body in
            if path == "/v1/completions", await calls.next() <= 2 {
                return .json(["error": ["message": "overloaded"]], status: Bool.random() ? 500 : 503)
            }
            return try await toy(method, path, body)
        }
        defer { Task { await server.stop() } }
        // Plain echo: the start-up's one /v1/completions request (the route probe would add one).
        var settings = Self.settings(server)
        settings.route = .echo
        _ = try await Self.connect(settings)
        #expect(await calls.value == 3)
    }

    @Test func retriesTooManyRequestsAfterTheServersDelay() async throws {
        let calls = Counter()
        let toy = ToyServers.openAI()
        let server = try await FakeServer { method, path, body in
            if path == "/v1/models", await calls.next() == 1 {
                var answer = FakeServer.Answer.json(["error": ["message": "slow down"]], status: 429)
                answer.headers.append(("Retry-After", "0"))
                return answer
            }
            return try await toy(method, path, body)
        }
        defer { Task { await server.stop() } }
        _ = try await Self.connect(Self.settings(server))
        #expect(await calls.value == 2)
    }

    @Test func givesUpAfterTheLastAttempt() async throws {
        let calls = Counter()
        let server = try await FakeServer { _, _, _ in
            _ = await calls.next()
            return .json(["error": ["message": "model crashed"]], status: 500)
        }
        defer { Task { await server.stop() } }
        var settings = Self.settings(server)
        settings.attempts = 3
        let error = await #expect(throws: ScoringError.self) { try await Self.connect(settings) }
        #expect(error?.kind == .engineFailure)
        #expect(error?.message.contains("failed 3 times") == true)
        #expect(error?.message.contains("model crashed") == true)
        #expect(await calls.value == 3)
    }

    @Test func timesOutAndRetries() async throws {
        let calls = Counter()
        let server = try await FakeServer { _, _, _ in
            _ = await calls.next()
            try await Task.sleep(for: .seconds(10))
            return .json([:])
        }
        defer { Task { await server.stop() } }
        var settings = Self.settings(server)
        settings.timeout = .milliseconds(200)
        settings.attempts = 2
        let started = ContinuousClock.now
        let error = await #expect(throws: ScoringError.self) { try await Self.connect(settings) }
        #expect(error?.message.contains("no answer within") == true)
        #expect(await calls.value == 2)
        #expect(started.duration(to: .now) < .seconds(5))
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let calls = Counter()
        let toy = ToyServers.openAI()
        let server = try await FakeServer { method, path, body in
            if path == "/v1/completions" {
                _ = await calls.next()
                return .json(["error": ["message": "This model's maximum context length is 512 tokens", "type": "BadRequestError"]], status: 400)
            }
            return try await toy(method, path, body)
        }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: ScoringError.self) { try await Self.connect(Self.settings(server)) }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.message.contains("HTTP 400: This model's maximum context length is 512 tokens") == true)
        #expect(await calls.value == 1)
    }

    @Test func malformedJSONIsAClearError() async throws {
        let toy = ToyServers.openAI()
        let server = try await FakeServer { method, path, body in
            if path == "/v1/completions" { return FakeServer.Answer(body: Data("{\"choices\": [{\"index\": 0, \"logprobs\": {\"tokens\": [".utf8)) }
            return try await toy(method, path, body)
        }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: ScoringError.self) { try await Self.connect(Self.settings(server)) }
        #expect(error?.message.contains("malformed JSON") == true)
    }

    @Test func aMissingFieldIsNamed() async throws {
        let toy = ToyServers.openAI()
        let server = try await FakeServer { method, path, body in
            if path == "/v1/completions" { return .json(["id": "x", "object": "text_completion"]) }
            return try await toy(method, path, body)
        }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: ScoringError.self) { try await Self.connect(Self.settings(server)) }
        #expect(error?.message.contains("no field \"choices\"") == true)
    }

    @Test func anUnknownModelIsNamed() async throws {
        let server = try await FakeServer(ToyServers.openAI())
        defer { Task { await server.stop() } }
        var settings = Self.settings(server)
        settings.modelID = "llama-70b"
        let error = await #expect(throws: ScoringError.self) { try await Self.connect(settings) }
        #expect(error?.message.contains("does not serve model 'llama-70b' (it lists toy)") == true)
    }

    @Test func anUnreachableServerIsAClearError() async throws {
        var settings = RemoteEngineSettings(baseURL: "http://127.0.0.1:9", kind: .openai)
        settings.attempts = 2
        settings.backoff = .milliseconds(1)
        let started = ContinuousClock.now
        let error = await #expect(throws: ScoringError.self) { try await Self.connect(settings) }
        #expect(error?.message.contains("failed 2 times") == true)
        #expect(error?.message.contains("connection failed") == true)
        #expect(started.duration(to: .now) < .seconds(10))
    }

    @Test(arguments: ["ftp://host", "localhost:8000", "http://"])
    func badURLsAreRefused(url: String) {
        let settings = RemoteEngineSettings(baseURL: url, kind: .openai)  // a trailing "/" dropped
        #expect(throws: SettingsError(setting: "baseURL", value: settings.baseURL, reason: "is not an http:// or https:// URL")) {
            try settings.validate()
        }
    }
}
