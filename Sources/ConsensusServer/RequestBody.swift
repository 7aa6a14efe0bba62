import ConsensusRanking
import Foundation
import Hummingbird
import NIOCore

/// A request's JSON object, read field by field; every error names the field (its `param`),
/// except those about the body as a whole: not JSON, not an object, or with a key the route
/// does not take.
struct RequestBody {
    /// The whole body.
    let json: JSONValue
    let fields: [String: JSONValue]
    /// The path of this object in the request, for error messages ("" at the top).
    var path = ""

    /// Reads the body (at most `limit` bytes) as one JSON object with only `known` keys.
    static func read(_ request: Request, limit: Int, known: [String]) async throws -> RequestBody {
        let buffer = try await request.body.collect(upTo: limit)
        let json: JSONValue
        do { json = try JSONParser.parse(Data(buffer.readableBytesView)) } catch {
            throw APIError(.badRequest, "the body is not valid JSON: \(error)")
        }
        guard case .object = json else {
            throw APIError(.badRequest, "the body must be a JSON object, found \(json.typeDescription)")
        }
        return try RequestBody(json, path: "", known: known)
    }

    init(_ json: JSONValue, path: String, known: [String]) throws {
        guard case .object(let members) = json else {
            throw APIError.badField(path, "must be a JSON object, found \(json.typeDescription)")
        }
        self.json = json
        self.path = path
        fields = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        if let unknown = members.map(\.key).first(where: { !known.contains($0) }) {
            // A stray key is no field of the route: the answer names the object that has it, or
            // none at the top (as OpenAI answers an unrecognised argument).
            let fields = known.joined(separator: ", ")
            guard path.isEmpty else { throw APIError.badField(path, "has no field \"\(unknown)\"; its fields are \(fields)") }
            throw APIError(.badRequest, "the body has a field \"\(unknown)\" that this route does not take; its fields are \(fields)")
        }
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

    func integer(_ key: String) throws -> Int? {
        guard let value = self[key] else { return nil }
        guard let i = value.integer else { throw APIError.badField(name(key), "must be an integer, found \(value.typeDescription)") }
        return i
    }

    /// Checks that `key`, when present, is an integer of any size (a field that is accepted and
    /// ignored, such as `seed`, need not fit in `Int`).
    func checkIntegral(_ key: String) throws {
        guard let value = self[key] else { return }
        guard value.isIntegral else { throw APIError.badField(name(key), "must be an integer, found \(value.typeDescription)") }
    }

    func number(_ key: String) throws -> Double? {
        guard let value = self[key] else { return nil }
        guard let x = value.number else { throw APIError.badField(name(key), "must be a number, found \(value.typeDescription)") }
        return x
    }

    /// A string, or a list of strings (OpenAI's `stop`).
    func strings(_ key: String) throws -> [String]? {
        guard let value = self[key] else { return nil }
        switch value {
        case .string(let s): return [s]
        case .array(let items):
            return try items.enumerated().map { i, item in
                guard case .string(let s) = item else { throw APIError.badField(name("\(key).\(i)"), "must be a string, found \(item.typeDescription)") }
                return s
            }
        default: throw APIError.badField(name(key), "must be a string or a list of strings, found \(value.typeDescription)")
        }
    }
}
