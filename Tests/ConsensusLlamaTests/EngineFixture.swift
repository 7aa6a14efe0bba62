import ConsensusLlama
import ConsensusScoring
import Foundation
import Logging

/// The default model, loaded once per settings for the whole test run (loading takes ~0.5 s).
enum EngineFixture {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func engine(
        path: String = DefaultModel.path, batchSize: Int = 512, contextLength: Int = 2048, threads: Int? = nil
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
