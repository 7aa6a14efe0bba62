import Foundation
import Logging

/// Counts the engine's `llama_decode` calls: keeps the `decodes` figure of its "scored group"
/// trace records (for `consensus bench engine`).
final class DecodeCounter: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    /// A logger that reports to this counter (and nowhere else).
    var logger: Logger {
        var logger = Logger(label: "bench") { _ in self }
        logger.logLevel = .trace
        return logger
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        guard event.message.description == "scored group", case .string(let value)? = event.metadata?["decodes"],
            let decodes = Int(value)
        else { return }
        lock.withLock { count += decodes }
    }

    /// The decodes counted since the last call.
    func take() -> Int {
        lock.withLock {
            defer { count = 0 }
            return count
        }
    }
}
