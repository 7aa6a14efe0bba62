import Foundation
import Hummingbird

/// A request's JSON object, read field by field; every error names the field.
struct RequestBody {
    let fields: [String: JSONValue]
    /// The path of this object in the request, for error messages ("" at the top).
    var path = ""

    /// Reads the body (at most `limit` bytes) as one JSON object with only `known` keys.
    static func read(_ request: Request, limit: Int, known: [String]) async throws -> RequestBody {
        let buffer = try await request.body.collect(upTo: limit)
        let json: JSONValue
        do { json = try JSONValue.parse(Data(buffer.readableBytesView)) } catch let error as JSONSyntaxError {
            throw APIError(.badRequest, "the body is not valid JSON: \(error.detail)")
        }
        guard case .object = json else {
            throw APIError(.badRequest, "the body must be a JSON object, found \(json.typeDescription)")
        }
        return try RequestBody(json, path: "", known: known)
    }

    init(_ json: JSONValue, path: String, known: [String]) throws {
        guard case .object(let pairs) = json else {
            throw APIError.badField(path, "must be a JSON object, found \(json.typeDescription)")
        }
        self.path = path
        fields = Dictionary(pairs, uniquingKeysWith: { a, _ in a })
        if let unknown = pairs.map(\.0).first(where: { !known.contains($0) }) {
            throw APIError.badField(name(unknown), "is not a known field; the fields are \(known.joined(separator: ", "))")
        }
    }

    /// The nested object `key`, if present.
    func object(_ key: String, known: [String]) throws -> RequestBody? {
        try self[key].map { try RequestBody($0, path: name(key), known: known) }
    }

    /// The full name of field `key`, for error messages.
    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    subscript(key: String) -> JSONValue? {
        if case .null? = fields[key] { return nil }
        return fields[key]
    }

    func string(_ key: String) throws -> String? {
        guard let value = self[key] else { return nil }
        guard case .string(let text) = value else { throw APIError.badField(name(key), "must be a string, found \(value.typeDescription)") }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw APIError.badField(name(key), "is required") }
        return text
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = self[key] else { return nil }
        guard case .bool(let flag) = value else { throw APIError.badField(name(key), "must be true or false, found \(value.typeDescription)") }
        return flag
    }

    func number(_ key: String) throws -> Double? {
        guard let value = self[key] else { return nil }
        guard case .number(let x) = value, x.isFinite else { throw APIError.badField(name(key), "must be a number, found \(value.typeDescription)") }
        return x
    }

    func integer(_ key: String) throws -> Int? {
        guard let x = try number(key) else { return nil }
        guard x == x.rounded(), abs(x) < 1e15 else { throw APIError.badField(name(key), "must be an integer, found \(x)") }
        return Int(x)
    }

    func strings(_ key: String) throws -> [String]? {
        guard let value = self[key] else { return nil }
        guard case .array(let items) = value else { throw APIError.badField(name(key), "must be an array of strings, found \(value.typeDescription)") }
        return try items.enumerated().map { i, item in
            guard case .string(let text) = item else { throw APIError.badField(name("\(key).\(i)"), "must be a string, found \(item.typeDescription)") }
            return text
        }
    }
}
