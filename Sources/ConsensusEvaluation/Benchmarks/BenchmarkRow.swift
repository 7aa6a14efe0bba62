import ConsensusRanking
/// One parsed line of a benchmark file, with typed, located accessors: every failure is a
/// ``BenchmarkError`` naming the file, the line and the field.
struct BenchmarkRow {
    let file: String
    let line: Int
    let fields: [(key: String, value: JSONValue)]
    /// The path of these fields within the line (`choices.` for a nested object), put before
    /// every field an error names.
    var prefix = ""

    func fail(_ field: String?, _ reason: String) -> BenchmarkError {
        BenchmarkError(file: file, line: line, field: field.map { prefix + $0 } ?? (prefix.isEmpty ? nil : String(prefix.dropLast())), reason: reason)
    }

    /// A nested object field, as a row whose errors name `key.field`.
    func object(_ key: String) throws -> BenchmarkRow {
        let value = try require(key)
        guard case .object(let fields) = value else {
            throw fail(key, "is \(value.typeDescription); expected an object")
        }
        return BenchmarkRow(file: file, line: line, fields: fields, prefix: prefix + key + ".")
    }

    /// An integer field.
    func integer(_ key: String) throws -> Int {
        let value = try require(key)
        guard case .integer(let i) = value else { throw fail(key, "is \(value.kind) (\(value.preview)); expected an integer") }
        return i
    }

    func has(_ key: String) -> Bool { fields.contains { $0.key == key } }

    /// The field's value; `nil` when absent or null.
    func value(_ key: String) -> JSONValue? {
        guard let value = fields.first(where: { $0.key == key })?.value else { return nil }
        if case .null = value { return nil }
        return value
    }

    func require(_ key: String, hint: String = "") throws -> JSONValue {
        guard let value = value(key) else {
            throw fail(key, has(key) ? "is null\(hint)" : "is missing\(hint)")
        }
        return value
    }

    /// A string field that must not be empty or only whitespace.
    func text(_ key: String) throws -> String {
        try nonEmptyString(try require(key), field: key)
    }

    /// An optional string field; present means non-empty.
    func optionalText(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        return try nonEmptyString(value, field: key)
    }

    func nonEmptyString(_ value: JSONValue, field: String) throws -> String {
        guard case .string(let s) = value else { throw fail(field, "is \(value.kind) (\(value.preview)); expected a string") }
        guard !s.allSatisfy(\.isWhitespace) else { throw fail(field, "is empty") }
        return s
    }

    /// An array of non-empty strings.
    func texts(_ key: String) throws -> [String] {
        let value = try require(key)
        guard case .array(let elements) = value else {
            throw fail(key, "is \(value.kind) (\(value.preview)); expected an array of strings")
        }
        return try elements.enumerated().map { try nonEmptyString($1, field: "\(key)[\($0)]") }
    }

    /// A 0-based index into `count` choices.
    func index(_ value: JSONValue, field: String, count: Int) throws -> Int {
        guard case .integer(let i) = value else {
            throw fail(field, "is \(value.kind) (\(value.preview)); expected a 0-based choice index (an integer)")
        }
        guard i >= 0 else { throw fail(field, "is \(i); choice indices are 0-based and cannot be negative") }
        guard i < count else { throw fail(field, "is \(i) but there are \(count) choices (0-based)") }
        return i
    }
}
