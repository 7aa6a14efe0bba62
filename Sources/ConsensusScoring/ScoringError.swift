import Foundation

/// Why a model could not be loaded or a request could not be scored.
///
/// Each error is one sentence that names the input that caused it and, where possible, the fix.
/// An error about one request of a group says which (``request``); a front end that knows what
/// the request came from names its field (``field``: the server's `param`).
public struct ScoringError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. New kinds may be added, so a `switch` over them needs a `default`.
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        fileprivate enum Code: String, Sendable, Hashable {
            case modelNotFound, notAModel, unsupportedModel, outOfMemory
            case requestTooLong, emptyContinuation, invalidRequest, engineFailure
        }

        fileprivate let code: Code

        fileprivate init(_ code: Code) { self.code = code }

        public init?(rawValue: String) {
            guard let code = Code(rawValue: rawValue) else { return nil }
            self.code = code
        }

        /// `modelNotFound`, `requestTooLong`, …
        public var rawValue: String { code.rawValue }
        public var description: String { rawValue }

        /// No model file (or no installed model) where one was asked for.
        public static let modelNotFound = Kind(.modelNotFound)
        /// The file is not a GGUF model.
        public static let notAModel = Kind(.notAModel)
        /// llama.cpp (or the remote server) cannot serve this model.
        public static let unsupportedModel = Kind(.unsupportedModel)
        /// The model does not fit in memory.
        public static let outOfMemory = Kind(.outOfMemory)
        /// A request has more tokens than the context holds.
        public static let requestTooLong = Kind(.requestTooLong)
        /// A continuation has no tokens of its own.
        public static let emptyContinuation = Kind(.emptyContinuation)
        /// A request the engine cannot take for another reason.
        public static let invalidRequest = Kind(.invalidRequest)
        /// The engine (or the remote server) failed.
        public static let engineFailure = Kind(.engineFailure)
    }

    public var kind: Kind
    public var message: String
    /// The request at fault, as its index in the group's ``ScoringGroup/allContinuationRequests``
    /// (the order ``ScoringEngine/score(_:)`` scores them in); nil when no one request is.
    public var request: Int?
    /// The input field the request at fault came from, as the front end names it (the server's
    /// `param`: `candidates.2`, `prompt.1`); nil when the engine does not know it.
    public var field: String?

    public init(_ kind: Kind, _ message: String, request: Int? = nil, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.request = request
        self.field = field
    }

    public var description: String { message }

    /// Whether the request is at fault (too long, an empty continuation, or invalid), not the
    /// engine or the model.
    public var isAboutTheRequest: Bool { [.requestTooLong, .emptyContinuation, .invalidRequest].contains(kind) }
}

extension ScoringError {
    /// `text` quoted for a message: at most 60 characters, newlines shown as `\n`.
    package static func quote(_ text: String) -> String {
        let short = text.count > 60 ? text.prefix(57) + "…" : Substring(text)
        return "\"\(short.replacingOccurrences(of: "\n", with: "\\n"))\""
    }
}
