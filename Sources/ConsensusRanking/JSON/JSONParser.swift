public import Foundation

/// A strict JSON parser (RFC 8259): no trailing commas, no repeated keys, no text after the
/// value. Errors say what was expected and where: for one line of a file, the column; for a
/// document of several lines, the line and column.
public struct JSONParser {
    /// A syntax error: where (1-based line, and column in Unicode scalars) and what went wrong.
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var reason: String

        /// "`reason` at column C", with "line L, " before the column when the text has several lines.
        public var description: String { line > 1 ? "\(reason) at line \(line), column \(column)" : "\(reason) at column \(column)" }
    }

    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ line: String) {
        scalars = Array(line.unicodeScalars)
    }

    /// Parses UTF-8 bytes as one JSON value.
    public static func parse(_ data: Data) throws(SyntaxError) -> JSONValue {
        guard let text = String(validating: Array(data), as: UTF8.self) else {
            throw SyntaxError(line: 1, column: 1, reason: "the text is not valid UTF-8")
        }
        return try parse(text)
    }

    /// Parses the whole text as one JSON value.
    public static func parse(_ line: String) throws(SyntaxError) -> JSONValue {
        var parser = JSONParser(line)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.position < parser.scalars.count {
            throw parser.error("unexpected text after the JSON value")
        }
        return value
    }

    private func error(_ reason: String, at position: Int? = nil) -> SyntaxError {
        let at = min(position ?? self.position, scalars.count)
        let lineStart = scalars[..<at].lastIndex(of: "\n").map { $0 + 1 } ?? 0
        let line = scalars[..<lineStart].count { $0 == "\n" } + 1
        return SyntaxError(line: line, column: at - lineStart + 1, reason: reason)
    }

    private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private mutating func skipWhitespace() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
    }

    private mutating func expect(_ c: Unicode.Scalar, _ what: String) throws(SyntaxError) {
        guard current == c else { throw error(current == nil ? "the text ends where \(what) was expected" : "expected \(what)") }
        position += 1
    }

    private mutating func parseValue(depth: Int) throws(SyntaxError) -> JSONValue {
        guard depth < 64 else { throw error("nested more than 64 levels deep") }
        guard let c = current else { throw error("the text ends where a value was expected") }
        switch c {
        case "{": return try parseObject(depth: depth)
        case "[": return try parseArray(depth: depth)
        case "\"": return .string(try parseString())
        case "t": try literal("true"); return .bool(true)
        case "f": try literal("false"); return .bool(false)
        case "n": try literal("null"); return .null
        case "-", "0"..."9": return try parseNumber()
        default: throw error("unexpected character '\(c)'")
        }
    }

    private mutating func literal(_ word: String) throws(SyntaxError) {
        let start = position
        for s in word.unicodeScalars {
            guard current == s else { throw error("unexpected character (expected '\(word)')", at: start) }
            position += 1
        }
    }

    private mutating func parseObject(depth: Int) throws(SyntaxError) -> JSONValue {
        position += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if current == "}" { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            let keyStart = position
            guard current == "\"" else { throw error(current == nil ? "the text ends inside an object" : "expected a key in double quotes") }
            let key = try parseString()
            if members.contains(where: { $0.key == key }) {
                throw error("the key \"\(key)\" appears twice in the object", at: keyStart)
            }
            skipWhitespace()
            try expect(":", "':' after the key")
            skipWhitespace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            if current == "," { position += 1; continue }
            try expect("}", "',' or '}'")
            return .object(members)
        }
    }

    private mutating func parseArray(depth: Int) throws(SyntaxError) -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == "]" { position += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            if current == "," { position += 1; continue }
            try expect("]", "',' or ']'")
            return .array(elements)
        }
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        let start = position
        position += 1
        var text = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw error("the text ends inside the string that starts here", at: start) }
            position += 1
            switch c {
            case "\"": return String(text)
            case "\\": text.append(try parseEscape())
            case "\u{0}"..."\u{1F}": throw error("a control character inside a string must be escaped", at: position - 1)
            default: text.append(c)
            }
        }
    }

    private mutating func parseEscape() throws(SyntaxError) -> Unicode.Scalar {
        guard let c = current else { throw error("the text ends inside an escape sequence") }
        position += 1
        switch c {
        case "\"": return "\""
        case "\\": return "\\"
        case "/": return "/"
        case "b": return "\u{8}"
        case "f": return "\u{C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "u":
            let high = try hex4()
            if (0xD800..<0xDC00).contains(high) {
                guard current == "\\", position + 1 < scalars.count, scalars[position + 1] == "u" else {
                    throw error("a lone UTF-16 surrogate \\u\(String(high, radix: 16)) (its pair is missing)")
                }
                position += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("an invalid UTF-16 surrogate pair") }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else { throw error("a lone UTF-16 surrogate \\u\(String(high, radix: 16))") }
            return scalar
        default: throw error("an invalid escape sequence '\\\(c)'", at: position - 2)
        }
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let c = current, c.isASCII, let digit = UInt32(String(c), radix: 16) else {
                throw error("expected four hexadecimal digits after \\u")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    private mutating func parseNumber() throws(SyntaxError) -> JSONValue {
        let start = position
        func digits() -> Int {
            let from = position
            while let c = current, ("0"..."9").contains(c) { position += 1 }
            return position - from
        }
        if current == "-" { position += 1 }
        if current == "0" {
            position += 1
        } else if digits() == 0 {
            throw error("a number needs a digit here")
        }
        var isInteger = true
        if current == "." {
            position += 1
            isInteger = false
            guard digits() > 0 else { throw error("a number needs a digit after '.'") }
        }
        if current == "e" || current == "E" {
            position += 1
            isInteger = false
            if current == "+" || current == "-" { position += 1 }
            guard digits() > 0 else { throw error("a number needs a digit in its exponent") }
        }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        if isInteger, let value = Int(text) { return .integer(value) }
        return .number(Double(text) ?? .nan, text: text)
    }
}
