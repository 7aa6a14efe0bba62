import ConsensusScoring
import Foundation
import Testing

@testable import ConsensusRemote

/// Sampling through the remote engines, against fake vLLM and SGLang servers over loopback.
@Suite struct RemoteGenerationTests {
    static let request = GenerationRequest(
        prompt: "Question: 2 + 2?\nAnswer:", samples: 40, temperature: 0.7, topP: 0.9, seed: 5, stopStrings: ["\n\n"],
        maxNewTokens: 4, includesGreedy: true)

    /// Sample i's seed as the servers receive it.
    static func wireSeed(_ i: Int) -> Int64 { Int64(bitPattern: request.sampleSeed(i) & 0x7FFF_FFFF_FFFF_FFFF) }

    static func toy(seed: Int64?) -> ToyModel.Sample {
        ToyModel.sample(prompt: request.prompt, seed: seed, maxTokens: request.maxNewTokens, stop: request.stopStrings)
    }

    static func server(_ kind: RemoteEngineSettings.Kind, _ requests: ToyServers.Requests? = nil) async throws -> FakeServer {
        try await FakeServer(kind == .openai ? ToyServers.openAI(samples: requests) : ToyServers.sglang(samples: requests))
    }

    @Test(arguments: RemoteEngineSettings.Kind.allCases)
    func eachSampleIsOneRequestWithItsOwnSeed(kind: RemoteEngineSettings.Kind) async throws {
        let requests = ToyServers.Requests()
        let server = try await Self.server(kind, requests)
        defer { Task { await server.stop() } }
        let engine = try await RemoteEngineTests.connect(RemoteEngineTests.settings(server, kind))
        let result = try await engine.generate(Self.request)

        let sent = await requests.bodies.map(ToyServers.json)
        #expect(sent.count == 41)
        let seedKey = kind == .openai ? "seed" : "sampling_seed"
        let parameters = sent.map { kind == .openai ? $0 : $0["sampling_params"] as? [String: Any] ?? [:] }
        #expect(Set(parameters.compactMap { $0[seedKey] as? Int }) == Set((0..<40).map { Int(Self.wireSeed($0)) }))
        for p in parameters {
            let greedy = p[seedKey] == nil
            #expect(p["temperature"] as? Double == (greedy ? 0 : 0.7))
            #expect(p["top_p"] as? Double == (greedy ? 1 : 0.9))
            #expect(p["stop"] as? [String] == ["\n\n"])
            #expect(p[kind == .openai ? "max_tokens" : "max_new_tokens"] as? Int == 4)
        }
        #expect(parameters.count { $0[seedKey] == nil } == 1)  // the greedy continuation
        if kind == .openai { #expect(sent.allSatisfy { $0["n"] as? Int == 1 && $0["prompt"] as? String == Self.request.prompt }) }

        // Sample i is the server's sample for seed i, in order, with its tokens and log-probabilities.
        #expect(result.samples.count == 40)
        for (i, sample) in result.samples.enumerated() {
            let toy = Self.toy(seed: Self.wireSeed(i))
            #expect(sample.text == toy.text)
            #expect(sample.tokens == toy.tokens)
            #expect(sample.tokenLogProbabilities == toy.logProbabilities)
            let reason: StopReason = toy.finish == "length" ? .maxTokens : toy.matched is String ? .stopString : .endOfText
            #expect(sample.stopReason == reason)
        }
        #expect(Set(result.samples.map(\.stopReason)) == [.maxTokens, .stopString, .endOfText])
        #expect(result.greedy?.text == Self.toy(seed: nil).text)
        #expect(result.cost.modelCalls == 41)
        #expect(result.cost.tokensEvaluated == (result.samples + [result.greedy!]).reduce(0) { $0 + $1.tokens.count })

        let again = try await engine.generate(Self.request)
        #expect(again.samples == result.samples && again.greedy == result.greedy)
    }

    @Test func aStopStringTheServerLeftInIsCut() {
        let completion = RemoteCompletion(text: " 4.\n\nQuestion: 3 + 3?", tokens: [], logProbabilities: [], stopReason: .maxTokens)
        let cut = completion.cut(at: ["\nQuestion:", "\n\n"])
        #expect(cut.text == " 4." && cut.stopReason == .stopString)
        #expect(completion.cut(at: ["###"]) == completion)
    }

    @Test func anUnknownFinishReasonIsAClearError() async throws {
        let toy = ToyServers.openAI()
        let server = try await FakeServer { method, path, body in
            if path == "/v1/completions", ToyServers.json(body)["echo"] == nil {
                return .json(["choices": [["index": 0, "text": "", "finish_reason": "content_filter"]]])
            }
            return try await toy(method, path, body)
        }
        defer { Task { await server.stop() } }
        let engine = try await RemoteEngineTests.connect(RemoteEngineTests.settings(server))
        let error = await #expect(throws: ScoringError.self) { try await engine.generate(Self.request) }
        #expect(error?.message.contains("/v1/completions") == true)
        #expect(error?.message.contains("finish_reason \"content_filter\"") == true)
    }

    @Test func anAbortedSampleIsAnError() async throws {
        let toy = ToyServers.sglang()
        let server = try await FakeServer { method, path, body in
            if path == "/generate", ToyServers.json(body)["logprob_start_len"] == nil {
                return .json(["text": "", "meta_info": ["finish_reason": ["type": "abort", "message": "out of memory"]]])
            }
            return try await toy(method, path, body)
        }
        defer { Task { await server.stop() } }
        let engine = try await RemoteEngineTests.connect(RemoteEngineTests.settings(server, .sglang))
        let error = await #expect(throws: ScoringError.self) { try await engine.generate(Self.request) }
        #expect(error?.message.contains("aborted the sample: out of memory") == true)
    }
}
