import Foundation

/// A JSON value: decoded from the `solve` input, and written (with keys in a fixed order) as
/// its output.
public enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    /// An integer, for output (counts, indices, integral ids).
    case integer(Int)
    case string(String)
    case array([JSONValue])
    /// Keys in order: as written for output; sorted by key when decoded.
    case object([(String, JSONValue)])
    /// A number that does not fit in a double (for example 1e400).
    case unrepresentableNumber

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        } else {
            self = .unrepresentableNumber
        }
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null), (.unrepresentableNumber, .unrepresentableNumber): true
        case let (.bool(x), .bool(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.integer(x), .integer(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: false
        }
    }

    /// Parses one JSON document.
    ///
    /// - Throws: ``JSONSyntaxError`` describing the first syntax error.
    /// The value of `key` when this is an object that has it.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    public static func parse(_ data: Data) throws -> JSONValue {
        // JSONSerialization reports where the syntax breaks; JSONDecoder keeps types apart
        // (true is not 1).
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? error.localizedDescription
            throw JSONSyntaxError(detail: detail)
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw JSONSyntaxError(detail: "\(error)")
        }
    }

    /// Compact JSON text. Non-finite numbers are written as the strings "-inf", "inf" and "nan"
    /// (JSON has no infinities).
    public var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    private func render(into out: inout String) {
        switch self {
        case .null, .unrepresentableNumber: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value): out += Self.render(value)
        case .integer(let value): out += String(value)
        case .string(let value): Self.render(string: value, into: &out)
        case .array(let values):
            out += "["
            for (i, value) in values.enumerated() {
                if i > 0 { out += "," }
                value.render(into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out += "," }
                Self.render(string: key, into: &out)
                out += ":"
                value.render(into: &out)
            }
            out += "}"
        }
    }

    public static func render(_ x: Double) -> String {
        if x.isNaN { return "\"nan\"" }
        if x == .infinity { return "\"inf\"" }
        if x == -.infinity { return "\"-inf\"" }
        return "\(x)"  // the shortest decimal that reads back as x: 1.0, 0.1, 1e-30, 5e-324, 1e+300
    }

    private static func render(string: String, into out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// A short description of the value's type, for error messages.
    public var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): "the number \(Self.render(value))"
        case .integer(let value): "the number \(value)"
        case .string(let value): "the string \"\(value.prefix(40))\""
        case .array: "an array"
        case .object: "an object"
        case .unrepresentableNumber: "a number outside the range of a double"
        }
    }
}

/// Text that is not valid JSON.
public struct JSONSyntaxError: Error {
    public var detail: String
}
