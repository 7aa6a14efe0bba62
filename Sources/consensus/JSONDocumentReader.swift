#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a stream into JSON objects: one object, pretty-printed over several lines, or JSON
/// Lines (one object a line), or any mix. Reads line by line, so that each object can be
/// answered as soon as it is complete.
///
/// Objects are found by counting brackets outside strings; the text of each is parsed later.
struct JSONDocumentReader {
    /// One object's text and the line (1-based) where it starts.
    struct Document: Sendable {
        var line: Int
        var bytes: [UInt8]
    }

    /// Where the stream is not a sequence of JSON objects.
    struct FramingError: Error, Sendable {
        var line: Int
        var message: String
    }

    private let file: UnsafeMutablePointer<FILE>
    private var lineNumber = 0
    private var pending: [UInt8] = []  // the unread rest of the current line
    private var finished = false

    init(file: UnsafeMutablePointer<FILE>) {
        self.file = file
    }

    /// The next object, or nil at the end of the stream.
    mutating func next() throws(FramingError) -> Document? {
        var document: [UInt8] = []
        var startLine = 0
        var depth = 0
        var inString = false
        var escaped = false
        while true {
            if pending.isEmpty {
                guard let line = readLine() else {
                    if depth > 0 {
                        throw FramingError(line: startLine, message: "the JSON object that starts here is not closed before the end of the input")
                    }
                    return nil
                }
                pending = line
            }
            var index = 0
            while index < pending.count {
                let byte = pending[index]
                index += 1
                if depth == 0 {
                    if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                        continue
                    }
                    guard byte == UInt8(ascii: "{") else {
                        let found = String(decoding: pending[(index - 1)...].prefix(20), as: UTF8.self)
                            .filter { $0 != "\n" && $0 != "\r" }
                        throw FramingError(line: lineNumber, message: "expected a JSON object starting with '{', found '\(found)'")
                    }
                    startLine = lineNumber
                }
                document.append(byte)
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        pending.removeFirst(index)
                        return Document(line: startLine, bytes: document)
                    }
                default: break
                }
            }
            pending = []
        }
    }

    /// The next line including its newline, or nil at the end of the stream.
    private mutating func readLine() -> [UInt8]? {
        if finished { return nil }
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(buffer) }
        let count = getline(&buffer, &capacity, file)
        guard count >= 0, let buffer else {
            finished = true
            return nil
        }
        lineNumber += 1
        return buffer.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
    }
}

