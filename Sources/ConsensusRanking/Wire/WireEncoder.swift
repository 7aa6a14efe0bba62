package import Foundation

/// The compact form of ``WireFormat``, written several times faster than `JSONEncoder` writes it
/// and byte for byte the same (tests compare the two on every answer type): keys converted to
/// snake_case except a `[String: _]` dictionary's, keys sorted, `/` not escaped, a `Double`
/// written as its `description` without a trailing `.0`, infinities and NaN as the strings
/// `"inf"`, `"-inf"` and `"nan"`. `consensus solve` spent half its time in `JSONEncoder`.
///
/// Not thread-safe: one encoder per thread (it caches converted keys).
package final class WireEncoder {
    private var snakeCase: [String: String] = [:]

    package init() {}

    /// `value` as compact JSON.
    package func encode<T: Encodable>(_ value: T) throws -> Data {
        let root = Node()
        try Writer(encoder: self, node: root).encodeValue(value)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        root.write(to: &bytes)
        return Data(bytes)
    }

    /// `key` in snake_case, as `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase` converts it.
    func converted(_ key: String) -> String {
        if let known = snakeCase[key] { return known }
        let result = Self.snakeCase(key)
        snakeCase[key] = result
        return result
    }

    /// Foundation's conversion: a word ends before each uppercase letter; a run of capitals
    /// followed by a lowercase letter is a word of its own up to the last capital
    /// (`aURLValue` → `a_url_value`, `ER-G` → `e_r-g`); words are lowercased and joined by `_`.
    static func snakeCase(_ key: String) -> String {
        let scalars = Array(key.unicodeScalars)
        guard !scalars.isEmpty else { return key }
        func isUpper(_ s: Unicode.Scalar) -> Bool { [.uppercaseLetter, .titlecaseLetter].contains(s.properties.generalCategory) }
        func isLower(_ s: Unicode.Scalar) -> Bool { s.properties.generalCategory == .lowercaseLetter }
        var words: [Range<Int>] = []
        var wordStart = 0
        var searchStart = 1
        while let upper = scalars[searchStart...].firstIndex(where: isUpper) {
            words.append(wordStart..<upper)
            guard let lower = scalars[upper...].firstIndex(where: isLower) else {
                wordStart = upper
                break
            }
            if lower == upper + 1 {
                wordStart = upper
            } else {  // capitals before the lowercase letter: a word up to the last of them
                words.append(upper..<lower - 1)
                wordStart = lower - 1
            }
            searchStart = lower + 1
            if searchStart >= scalars.count { break }
        }
        words.append(wordStart..<scalars.count)
        return words.map { String(String.UnicodeScalarView(scalars[$0])).lowercased() }.joined(separator: "_")
    }

    /// One JSON value being built: containers hand out references to it.
    final class Node {
        /// A member of an array or object: a scalar, already JSON, or a value built in a node.
        enum Item {
            case text(String)
            case node(Node)

            func write(to bytes: inout [UInt8]) {
                switch self {
                case .text(let text): bytes.append(contentsOf: text.utf8)
                case .node(let node): node.write(to: &bytes)
                }
            }
        }

        enum Content {
            case none
            case text(String)  // a scalar, already JSON
            case object([(key: String, item: Item)])
            case array([Item])
        }
        var content: Content = .none

        func write(to bytes: inout [UInt8]) {
            switch content {
            case .none:
                bytes.append(contentsOf: "{}".utf8)
            case .text(let text):
                bytes.append(contentsOf: text.utf8)
            case .array(let elements):
                bytes.append(UInt8(ascii: "["))
                for (i, element) in elements.enumerated() {
                    if i > 0 { bytes.append(UInt8(ascii: ",")) }
                    element.write(to: &bytes)
                }
                bytes.append(UInt8(ascii: "]"))
            case .object(let entries):
                bytes.append(UInt8(ascii: "{"))
                var sorted: [(key: String, item: Item)] = []
                sorted.reserveCapacity(entries.count)
                for entry in entries {  // a key set twice keeps its last value
                    if let i = sorted.firstIndex(where: { $0.key == entry.key }) { sorted[i] = entry } else { sorted.append(entry) }
                }
                sorted.sort { $0.key < $1.key }
                for (i, entry) in sorted.enumerated() {
                    if i > 0 { bytes.append(UInt8(ascii: ",")) }
                    WireEncoder.writeString(entry.key, to: &bytes)
                    bytes.append(UInt8(ascii: ":"))
                    entry.item.write(to: &bytes)
                }
                bytes.append(UInt8(ascii: "}"))
            }
        }
    }

    static func writeString(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
            case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
            case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
            case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
            case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The JSON of a `Double`, `Float`, `Int`, `String` or `Bool`, or of an array of `Double` or
    /// `Int` (most of an answer); nil for any other type. Compares types instead of casting: this
    /// runs for every value written.
    static func scalarText<T>(_ value: T) -> String? {
        if T.self == [Double].self { return arrayText(unsafeBitCast(value, to: [Double].self), text) }
        if T.self == [Int].self { return arrayText(unsafeBitCast(value, to: [Int].self)) { String($0) } }
        if T.self == Double.self { return text(unsafeBitCast(value, to: Double.self)) }
        if T.self == Int.self { return String(unsafeBitCast(value, to: Int.self)) }
        if T.self == String.self { return text(unsafeBitCast(value, to: String.self)) }
        if T.self == Bool.self { return unsafeBitCast(value, to: Bool.self) ? "true" : "false" }
        if T.self == Float.self { return text(unsafeBitCast(value, to: Float.self)) }
        return nil
    }

    static func arrayText<E>(_ elements: [E], _ text: (E) -> String) -> String {
        var result = "["
        for (i, element) in elements.enumerated() {
            if i > 0 { result += "," }
            result += text(element)
        }
        return result + "]"
    }

    /// A `Double` or `Float`: its `description` without a trailing `.0`; infinities and NaN as strings.
    static func text<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F) -> String {
        guard value.isFinite else { return value.isNaN ? "\"nan\"" : value < 0 ? "\"-inf\"" : "\"inf\"" }
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    static func text(_ value: String) -> String {
        var bytes: [UInt8] = []
        writeString(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A `[String: _]` dictionary: its keys are written as they are (as `JSONEncoder` does).
private protocol StringKeyedDictionary {}
extension Dictionary: StringKeyedDictionary where Key == String {}

extension WireEncoder {
    /// The `Encoder` handed to `encode(to:)`: writes into one node. It does not track the coding
    /// path (always empty), which only error messages of `encode(to:)` would read.
    struct Writer: Encoder {
        let encoder: WireEncoder
        let node: Node
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        var convertsKeys = true

        init(encoder: WireEncoder, node: Node, convertsKeys: Bool = true) {
            self.encoder = encoder
            self.node = node
            self.convertsKeys = convertsKeys
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object = node.content {} else { node.content = .object([]) }
            return KeyedEncodingContainer(KeyedWriter<Key>(writer: self))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array = node.content {} else { node.content = .array([]) }
            return UnkeyedWriter(writer: self)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { SingleWriter(writer: self) }

        /// Writes `value` into this writer's node.
        func encodeValue<T: Encodable>(_ value: T) throws {
            if let text = WireEncoder.scalarText(value) {
                node.content = .text(text)
            } else {
                var writer = self
                writer.convertsKeys = !(value is StringKeyedDictionary)
                try value.encode(to: writer)
            }
        }

        /// `value` as an array or object member: its text when it is a scalar (no node made).
        func item<T: Encodable>(_ value: T) throws -> Node.Item {
            if let text = WireEncoder.scalarText(value) { return .text(text) }
            let (node, child) = child()
            try child.encodeValue(value)
            return .node(node)
        }

        func child() -> (Node, Writer) {
            let child = Node()
            return (child, Writer(encoder: encoder, node: child))
        }
    }

    struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: Writer
        var codingPath: [any CodingKey] { writer.codingPath }

        private func add(_ key: Key, _ item: Node.Item) {
            guard case .object(var entries) = writer.node.content else { return }
            writer.node.content = .none  // keeps the array uniquely referenced while it grows
            entries.append((writer.convertsKeys ? writer.encoder.converted(key.stringValue) : key.stringValue, item))
            writer.node.content = .object(entries)
        }

        private func add(_ key: Key, text: String) { add(key, .text(text)) }

        mutating func encodeNil(forKey key: Key) throws { add(key, text: "null") }
        mutating func encode(_ value: Bool, forKey key: Key) throws { add(key, text: value ? "true" : "false") }
        mutating func encode(_ value: String, forKey key: Key) throws { add(key, text: WireEncoder.text(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { add(key, text: WireEncoder.text(value)) }
        mutating func encode(_ value: Float, forKey key: Key) throws { add(key, text: WireEncoder.text(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { add(key, text: String(value)) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { add(key, text: String(value)) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { add(key, text: String(value)) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { add(key, text: String(value)) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { add(key, text: String(value)) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { add(key, text: String(value)) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { add(key, text: String(value)) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { add(key, text: String(value)) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { add(key, text: String(value)) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { add(key, text: String(value)) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { add(key, try writer.item(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let (node, child) = writer.child()
            add(key, .node(node))
            return child.container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let (node, child) = writer.child()
            add(key, .node(node))
            return child.unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let (node, child) = writer.child()
            add(key, .node(node))
            return child
        }
    }

    struct UnkeyedWriter: UnkeyedEncodingContainer {
        let writer: Writer
        var codingPath: [any CodingKey] { writer.codingPath }
        var count: Int {
            if case .array(let elements) = writer.node.content { elements.count } else { 0 }
        }

        private func add(_ item: Node.Item) {
            guard case .array(var elements) = writer.node.content else { return }
            writer.node.content = .none
            elements.append(item)
            writer.node.content = .array(elements)
        }

        private func add(text: String) { add(.text(text)) }

        mutating func encodeNil() throws { add(text: "null") }
        mutating func encode(_ value: Bool) throws { add(text: value ? "true" : "false") }
        mutating func encode(_ value: String) throws { add(text: WireEncoder.text(value)) }
        mutating func encode(_ value: Double) throws { add(text: WireEncoder.text(value)) }
        mutating func encode(_ value: Float) throws { add(text: WireEncoder.text(value)) }
        mutating func encode(_ value: Int) throws { add(text: String(value)) }
        mutating func encode(_ value: Int8) throws { add(text: String(value)) }
        mutating func encode(_ value: Int16) throws { add(text: String(value)) }
        mutating func encode(_ value: Int32) throws { add(text: String(value)) }
        mutating func encode(_ value: Int64) throws { add(text: String(value)) }
        mutating func encode(_ value: UInt) throws { add(text: String(value)) }
        mutating func encode(_ value: UInt8) throws { add(text: String(value)) }
        mutating func encode(_ value: UInt16) throws { add(text: String(value)) }
        mutating func encode(_ value: UInt32) throws { add(text: String(value)) }
        mutating func encode(_ value: UInt64) throws { add(text: String(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { add(try writer.item(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let (node, child) = writer.child()
            add(.node(node))
            return child.container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let (node, child) = writer.child()
            add(.node(node))
            return child.unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            let (node, child) = writer.child()
            add(.node(node))
            return child
        }
    }

    struct SingleWriter: SingleValueEncodingContainer {
        let writer: Writer
        var codingPath: [any CodingKey] { writer.codingPath }

        private func set(_ text: String) { writer.node.content = .text(text) }

        mutating func encodeNil() throws { set("null") }
        mutating func encode(_ value: Bool) throws { set(value ? "true" : "false") }
        mutating func encode(_ value: String) throws { set(WireEncoder.text(value)) }
        mutating func encode(_ value: Double) throws { set(WireEncoder.text(value)) }
        mutating func encode(_ value: Float) throws { set(WireEncoder.text(value)) }
        mutating func encode(_ value: Int) throws { set(String(value)) }
        mutating func encode(_ value: Int8) throws { set(String(value)) }
        mutating func encode(_ value: Int16) throws { set(String(value)) }
        mutating func encode(_ value: Int32) throws { set(String(value)) }
        mutating func encode(_ value: Int64) throws { set(String(value)) }
        mutating func encode(_ value: UInt) throws { set(String(value)) }
        mutating func encode(_ value: UInt8) throws { set(String(value)) }
        mutating func encode(_ value: UInt16) throws { set(String(value)) }
        mutating func encode(_ value: UInt32) throws { set(String(value)) }
        mutating func encode(_ value: UInt64) throws { set(String(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try writer.encodeValue(value) }
    }
}
