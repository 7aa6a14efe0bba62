import ConsensusLlama
import ConsensusScoring
import Foundation
import Logging

/// The small model the engine tests run (SmolLM2-135M, F32: fast; scripts/setup.sh installs it).
enum EngineFixture {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// The F32 SmolLM2-135M-Instruct, and the Q4_1 release it was converted from.
    static let smallModel = ModelStore().path(named: "smollm2-135m")!
    static let smallModelQ4_1 = URL(fileURLWithPath: smallModel).deletingLastPathComponent()
        .appendingPathComponent("SmolLM2-135M-Instruct.Q4_1.gguf").path

    static func engine(
        path: String = EngineFixture.smallModel, batchSize: Int = 512, contextLength: Int = 2048, threads: Int? = nil
    ) throws -> LlamaEngine {
        var settings = LlamaEngineSettings()
        if let threads { settings.threads = threads }
        settings.batchSize = batchSize
        settings.contextLength = contextLength
        return try LlamaEngine(modelPath: path, settings: settings, logger: logger)
    }

    /// The golden file written by scripts/reference/reference_scores.py.
    struct Golden: Decodable {
        struct Model: Decodable {
            var model: String
            var cases: [Case]
        }
        struct Case: Decodable {
            var prompt: String
            var continuation: String
            var prompt_tokens: [Int32]
            var continuation_tokens: [Int32]
            var token_logprobs: [Double]
            var sum: Double
            var token_argmax_margin: [Double]
        }
        var models: [Model]

        static func load() throws -> Golden {
            let url = Bundle.module.url(forResource: "Fixtures/golden", withExtension: "json")!
            return try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
        }
    }
}
