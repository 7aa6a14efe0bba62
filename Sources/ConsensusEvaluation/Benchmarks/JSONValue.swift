import Foundation

/// A JSON value as read from one line of a benchmark file, keeping what `JSONDecoder` forgets:
/// integers apart from other numbers, the order of an object's keys, and repeated keys (which
/// ``JSONLineParser`` rejects).
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A number written without a fraction or exponent that fits in `Int`.
    case integer(Int)
    /// Any other number, with the text it was written as.
    case number(Double, text: String)
    case string(String)
    case array([JSONValue])
    /// Keys in the order of the line.
    case object([(key: String, value: JSONValue)])

    /// The value's kind with an article, for messages: "a string", "an array", "null".
    var kind: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The value as it would be written, shortened, for messages.
    var preview: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .integer(let i): "\(i)"
        case .number(_, let text): text
        case .string(let s):
            "\"\((s.count > 40 ? s.prefix(40) + "…" : s).replacingOccurrences(of: "\n", with: "\\n"))\""
        case .array(let a): "an array of \(a.count)"
        case .object: "an object"
        }
    }
}
