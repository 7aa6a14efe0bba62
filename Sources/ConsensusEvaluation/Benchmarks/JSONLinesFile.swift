import ConsensusRanking
import Foundation

/// Reading a benchmark's JSON Lines file into rows, shared by every task's loader: a byte-order
/// mark, `\r\n` line ends and blank lines after the last row are fine; a blank line before it,
/// a line that is not valid UTF-8, not JSON or not an object, and a repeated `id` stop the
/// load with a ``BenchmarkError`` naming the file and line.
enum JSONLinesFile {
    /// The bytes of the file at `path`.
    static func read(path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BenchmarkError(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw BenchmarkError(file: path, reason: "is a directory, not a JSON Lines file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchmarkError(file: path, reason: "cannot be read (check its permissions)")
        }
        return data
    }

    /// One item per line, made by `make` from the line's row; ids must be unique.
    static func rows<Item>(of data: Data, source: String, id: (Item) -> String, make: (BenchmarkRow) throws -> Item) throws -> [Item] {
        var lines = Array(data).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if lines.first?.starts(with: [0xEF, 0xBB, 0xBF]) == true { lines[0].removeFirst(3) }
        func isBlank(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
        while let last = lines.last, isBlank(last) { lines.removeLast() }
        guard !lines.isEmpty else { throw BenchmarkError(file: source, reason: "has no items (the file is empty)") }

        var items: [Item] = []
        var firstLine: [String: Int] = [:]
        for (offset, bytes) in lines.enumerated() {
            let number = offset + 1
            guard !isBlank(bytes) else {
                throw BenchmarkError(file: source, line: number, reason: "is blank; only the end of the file may have blank lines")
            }
            let item = try make(try row(bytes, file: source, line: number))
            if let earlier = firstLine[id(item)] {
                throw BenchmarkError(file: source, line: number, field: "id", reason: "is \"\(id(item))\", which line \(earlier) already uses; ids must be unique")
            }
            firstLine[id(item)] = number
            items.append(item)
        }
        return items
    }

    private static func row(_ bytes: [UInt8], file: String, line: Int) throws -> BenchmarkRow {
        var bytes = bytes
        if bytes.last == 0x0D { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw BenchmarkError(file: file, line: line, reason: "is not valid UTF-8")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            throw BenchmarkError(file: file, line: line, reason: "is not valid JSON: \(error.reason) at column \(error.column)")
        }
        guard case .object(let fields) = value else {
            throw BenchmarkError(file: file, line: line, reason: "is \(value.kind), not a JSON object")
        }
        return BenchmarkRow(file: file, line: line, fields: fields)
    }
}
