import ConsensusLlama
import ConsensusTesting
import Logging

/// The small model (SmolLM2-135M) that the model-backed evaluation and ranking tests load.
enum SmallModel {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// A fresh engine on the small model.
    /// - Throws: ``MissingTestModel`` when it is not installed (the message says how to install
    ///   it), or the engine's error.
    static func engine(_ settings: LlamaEngineSettings = .init()) throws -> LlamaEngine {
        let path = try TestModel.small.file(at: ModelStore().path(named: TestModel.small.name))
        return try LlamaEngine(modelPath: path, settings: settings, logger: logger)
    }

    /// A fresh engine on the small model with one thread.
    static func engine(threads: Int) throws -> LlamaEngine {
        var settings = LlamaEngineSettings()
        settings.threads = threads
        return try engine(settings)
    }
}
