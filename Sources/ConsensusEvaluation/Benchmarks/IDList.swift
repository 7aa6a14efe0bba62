import Foundation

/// The ids of an `--ids` file: one id per line, surrounding whitespace trimmed; blank lines
/// carry no id and are passed over.
public struct IDList: Sendable, Hashable, Codable {
    /// One id and the line it is on.
    public struct Entry: Sendable, Hashable, Codable {
        /// The id, trimmed.
        public var id: String
        /// Its 1-based line in the file.
        public var line: Int
        /// Creates an entry.
        public init(id: String, line: Int) {
            self.id = id
            self.line = line
        }
    }

    /// The file the ids came from, as named by the caller.
    public var source: String
    /// The ids in file order.
    public var entries: [Entry]

    /// Parses `text`, the contents of `source`.
    /// - Throws: ``BenchmarkError`` when an id repeats (naming both lines) or there is no id.
    public init(parsing text: String, source: String) throws {
        self.source = source
        var entries: [Entry] = []
        var firstLine: [String: Int] = [:]
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let id = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !id.isEmpty else { continue }
            if let earlier = firstLine[id] {
                throw BenchmarkError(file: source, line: offset + 1, reason: "id \"\(id)\" is already listed on line \(earlier)")
            }
            firstLine[id] = offset + 1
            entries.append(Entry(id: id, line: offset + 1))
        }
        guard !entries.isEmpty else { throw BenchmarkError(file: source, reason: "lists no ids (one id per line)") }
        self.entries = entries
    }

    /// Reads the ids file at `path`.
    /// - Throws: ``BenchmarkError`` when the file cannot be read or is not valid UTF-8, or as
    ///   ``init(parsing:source:)``.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchmarkError(file: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw BenchmarkError(file: path, reason: "is not valid UTF-8")
        }
        try self.init(parsing: text, source: path)
    }
}
