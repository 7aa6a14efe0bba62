import Foundation

/// Line-by-line JSON input and output for the commands that take batches.
enum JSONLines {
    /// A bad input line: the message names the file, the line and the field.
    struct InputError: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads JSON objects, one per non-blank line, from a file or standard input ("-").
    final class Reader {
        let name: String
        private let handle: FileHandle
        private var buffer = Data()
        private var lineNumber = 0
        private var atEnd = false

        init(path: String) throws {
            if path == "-" {
                name = "<stdin>"
                handle = .standardInput
            } else {
                name = path
                guard let h = FileHandle(forReadingAtPath: path) else {
                    throw InputError(description: "\(path): cannot open the file")
                }
                handle = h
            }
        }

        /// The next line's number and object, or nil at the end of the input.
        func next() throws -> (Int, [String: Any])? {
            while let line = readLine() {
                lineNumber += 1
                guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { continue }
                let value: Any
                do { value = try JSONSerialization.jsonObject(with: line, options: [.fragmentsAllowed]) } catch {
                    throw InputError(description: "\(name):\(lineNumber): not valid JSON (\(JSONLines.reason(error)))")
                }
                guard let object = value as? [String: Any] else {
                    throw InputError(description: "\(name):\(lineNumber): expected a JSON object")
                }
                return (lineNumber, object)
            }
            return nil
        }

        private func readLine() -> Data? {
            while true {
                if let newline = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex..<newline]
                    buffer = Data(buffer[(newline + 1)...])
                    return Data(line)
                }
                if atEnd {
                    guard !buffer.isEmpty else { return nil }
                    defer { buffer = Data() }
                    return buffer
                }
                let chunk = handle.readData(ofLength: 1 << 16)
                if chunk.isEmpty { atEnd = true } else { buffer.append(chunk) }
            }
        }
    }

    static func string(_ object: [String: Any], _ field: String, line: Int, in name: String) throws -> String {
        guard let value = object[field] else {
            throw InputError(description: "\(name):\(line): field \"\(field)\" is missing")
        }
        guard let text = value as? String else {
            throw InputError(description: "\(name):\(line): field \"\(field)\" must be a string")
        }
        return text
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func reason(_ error: Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        return text
    }
}
