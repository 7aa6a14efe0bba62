import Foundation

/// A JSON value as the package reads it (benchmark lines, `solve` input, request bodies),
/// keeping what `JSONDecoder` forgets: integers apart from other numbers, the order of an
/// object's keys, and repeated keys (which ``JSONParser`` rejects). The package's one JSON
/// value type; everything it writes is `Codable` instead.
public enum JSONValue: Sendable, Hashable {
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
    public var kind: String {
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
    public var preview: String {
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

    /// The kind and, for scalars, the value: `the string "x"`, `the number 3`, `an array`.
    public var typeDescription: String {
        switch self {
        case .null, .bool: preview
        case .integer, .number: "the number \(preview)"
        case .string: "the string \(preview)"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The value of `key` when this is an object that has it.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The integer, when this is one: written as one, or as a number without a fraction that fits
    /// in `Int` (`5.0`, `1e3`), as JSON Schema counts integers.
    public var integer: Int? {
        switch self {
        case .integer(let i): i
        case .number(let x, _): x == x.rounded() && abs(x) < 9.2e18 ? Int(x) : nil
        default: nil
        }
    }

    /// Whether this is an integer of any size, as JSON Schema counts them: `5`, `5.0`, `1e3`, or
    /// digits too many for `Int` (`5900000000000000000000000000`).
    public var isIntegral: Bool {
        switch self {
        case .integer: true
        case .number(let x, let text): x.isFinite ? x == x.rounded() : !text.contains { ".eE".contains($0) }
        default: false
        }
    }

    /// The number, when this is one (an integer or not).
    public var number: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .number(let x, _): x
        default: nil
        }
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.integer(x), .integer(y)): x == y
        case let (.number(x, _), .number(y, _)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .integer(let i): hasher.combine(i)
        case .number(let x, _): hasher.combine(x)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let members):
            for member in members {
                hasher.combine(member.key)
                hasher.combine(member.value)
            }
        }
    }
}

extension JSONValue: Encodable {
    /// Writes the value back as JSON (an id echoed in an answer, say); a number keeps its value.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .integer(let i):
            var c = encoder.singleValueContainer()
            try c.encode(i)
        case .number(let x, _):
            var c = encoder.singleValueContainer()
            try c.encode(x)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let a):
            var c = encoder.unkeyedContainer()
            for element in a { try c.encode(element) }
        case .object(let members):
            var c = encoder.container(keyedBy: AnyCodingKey.self)
            for member in members { try c.encode(member.value, forKey: AnyCodingKey(stringValue: member.key)!) }
        }
    }
}

extension JSONValue: Decodable {
    /// Reads any JSON value (an echoed id, say); object keys come in the decoder's order.
    public init(from decoder: any Decoder) throws {
        if let c = try? decoder.container(keyedBy: AnyCodingKey.self) {
            self = .object(try c.allKeys.map { ($0.stringValue, try c.decode(JSONValue.self, forKey: $0)) })
            return
        }
        if var c = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !c.isAtEnd { elements.append(try c.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .integer(i)
        } else if let x = try? c.decode(Double.self) {
            self = .number(x, text: "\(x)")
        } else {
            self = .string(try c.decode(String.self))
        }
    }
}

/// A coding key of any name.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
