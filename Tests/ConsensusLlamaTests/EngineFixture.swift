import ConsensusLlama
import ConsensusTesting
import Foundation
import Logging

/// The small model the engine tests run (SmolLM2-135M, F32: fast; scripts/setup.sh installs it).
enum EngineFixture {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// The F32 SmolLM2-135M-Instruct.
    /// - Throws: ``MissingTestModel`` when it is not installed (the message says how to install it).
    static var smallModel: String {
        get throws { try TestModel.small.file(at: ModelStore().path(named: TestModel.small.name)) }
    }

    /// The Q4_1 release the F32 copy was converted from, which the installer keeps beside it.
    static var smallModelQ4_1: String {
        get throws {
            let path = URL(fileURLWithPath: try smallModel).deletingLastPathComponent()
                .appendingPathComponent("SmolLM2-135M-Instruct.Q4_1.gguf").path
            return try TestModel.small.file(at: path)
        }
    }

    /// The catalogue's default model, which `bash scripts/setup.sh` installs.
    static var defaultModel: String {
        get throws { try TestModel.shippedDefault(named: DefaultModel.name).file(at: DefaultModel.path) }
    }

    /// An engine on the file at `path` (the small model when nil).
    static func engine(
        path: String? = nil, batchSize: Int = 512, contextLength: Int = 2048, threads: Int? = nil
    ) throws -> LlamaEngine {
        let path = try path ?? smallModel
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
