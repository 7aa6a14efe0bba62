import AsyncHTTPClient
import Foundation
import Testing

@testable import ConsensusRemote

/// Answers of vLLM and SGLang, written from their documented schemas, parsed as the engines
/// read them.
@Suite struct FixtureParsingTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "json")))
    }

    /// A server that answers every POST with the fixture.
    static func http(serving name: String) async throws -> (FakeServer, RemoteHTTP) {
        let body = try fixture(name)
        let server = try await FakeServer { _, _, _ in FakeServer.Answer(body: body) }
        let http = RemoteHTTP(client: .shared, settings: RemoteEngineSettings(baseURL: server.url, kind: .openai), logger: RemoteEngineTests.logger)
        return (server, http)
    }

    @Test func vLLMEchoedCompletion() async throws {
        let (server, http) = try await Self.http(serving: "vllm_completions_echo")
        defer { Task { await server.stop() } }
        let echo = try await OpenAICompletionsAPI(http: http).echo([.tokens([791, 6864, 315, 9822, 374, 12366])], model: "m")
        #expect(echo.count == 1)
        #expect(echo[0].logProbabilities == [nil, -9.84375, -1.015625, -2.71875, -0.609375, -1.3515625])
        #expect(echo[0].greedy == [nil, false, true, false, true, true])
    }

    @Test func vLLMWithOneGeneratedTokenDropsIt() async throws {
        let (server, plain) = try await Self.http(serving: "vllm_completions_echo")
        defer { Task { await server.stop() } }
        var settings = plain.settings
        settings.maxTokens = 1
        let http = RemoteHTTP(client: .shared, settings: settings, logger: RemoteEngineTests.logger)
        let echo = try await OpenAICompletionsAPI(http: http).echo([.text("The capital of France is")], model: "m")
        #expect(echo[0].logProbabilities.count == 5)
    }

    @Test func sglangBatch() async throws {
        let (server, http) = try await Self.http(serving: "sglang_generate_batch")
        defer { Task { await server.stop() } }
        let echo = try await SGLangAPI(http: http).echo([.tokens([791, 6864, 315]), .tokens([791, 1176])], model: "m")
        #expect(echo.map(\.logProbabilities) == [[nil, -7.25, -0.421875], [nil, -3.5]])
        #expect(echo.map(\.greedy) == [[nil, false, true], [nil, true]])
    }

    @Test func sglangLabelTokens() async throws {
        let (server, http) = try await Self.http(serving: "sglang_generate_token_ids")
        defer { Task { await server.stop() } }
        let values = try await SGLangAPI(http: http).labelLogProbabilities(prompt: [791, 6864], labels: [7566, 2360])
        #expect(values == [-1.3125, -2.375])
    }

    @Test func sglangBatchOfTheWrongSizeIsAnError() async throws {
        let (server, http) = try await Self.http(serving: "sglang_generate_batch")
        defer { Task { await server.stop() } }
        await #expect(throws: Error.self) { _ = try await SGLangAPI(http: http).echo([.tokens([1, 2])], model: "m") }
    }
}
