/// Why a model could not be loaded or a request could not be scored.
///
/// Each error is one sentence that names the input that caused it and, where possible, the fix.
public struct ScoringError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case modelNotFound, notAModel, unsupportedModel, outOfMemory
        case requestTooLong, emptyContinuation, invalidRequest, engineFailure
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

extension ScoringError {
    /// `text` quoted for a message: at most 60 characters, newlines shown as `\n`.
    public static func quote(_ text: String) -> String {
        let short = text.count > 60 ? text.prefix(57) + "…" : Substring(text)
        return "\"\(short.replacingOccurrences(of: "\n", with: "\\n"))\""
    }
}
