/// A settings value that cannot be used: the setting, the value it has, and what is wrong.
///
/// Thrown by the `validate()` of ``LlamaEngineSettings``, ``RemoteEngineSettings`` and
/// ``ServerSettings`` (in their own modules), so that a caller can name the setting its own way:
/// the command line by its flag (``described(as:)``), a library caller by ``setting``. The
/// description is one sentence, for example `threads must be at least 1 (got 0)`.
public struct SettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The setting at fault, as its property is named: `threads`, `contextLength`, `port`, ….
    public var setting: String
    /// The offending value as it reads in a message: `0`, `ftp://host`, `0.0 seconds`.
    public var value: String
    /// What is wrong, completing a sentence that starts with the setting: `must be at least 1`.
    public var reason: String

    /// Creates an error for `setting`.
    public init(setting: String, value: String, reason: String) {
        self.setting = setting
        self.value = value
        self.reason = reason
    }

    /// `setting reason (got value)`, for example `threads must be at least 1 (got 0)`.
    public var description: String { described(as: setting) }

    /// The same sentence with `name` for the setting, for example `--threads must be at least 1 (got 0)`.
    public func described(as name: String) -> String { "\(name) \(reason) (got \(value))" }

    /// Throws an error for `setting` unless `ok`.
    package static func check(_ ok: Bool, _ setting: String, _ value: some CustomStringConvertible, _ reason: String) throws {
        if !ok { throw SettingsError(setting: setting, value: value.description, reason: reason) }
    }
}
